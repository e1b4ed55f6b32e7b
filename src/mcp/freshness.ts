import type { HeimdallConfig } from '../config/config-types.js';
import { messages } from '../errors/messages.js';
import { controlRequest } from '../watch/control-request.js';
import { createMonitorLauncher, type LaunchState } from './monitor-launcher.js';
import { createSyncRunner } from './sync-runner.js';

/** What every answer says about itself: whether the store reflected every change made on disk before the call (`asOf`). */
export interface Freshness {
  fresh: boolean;
  asOf: string;
  /** Who made it so: the running monitor (`monitor wait`), the server's own sync, or nothing could. */
  via: 'monitor' | 'sync' | 'none';
  detail?: string;
}

export interface FreshnessKeeper {
  /** Makes the store reflect every change made on disk before this call, within mcp.freshness_ms, and says whether it did. */
  ensure(): Promise<Freshness>;
  /** Starts the monitor if none runs and mcp.start_monitor allows (at server start: the first call may find it up). */
  prepare(): Promise<void>;
  readonly launch: LaunchState;
  /** Resolves once no sync of the server's runs. */
  idle(): Promise<void>;
}

/**
 * With a monitor: its `wait` (what `monitor wait` asks: the watcher delivers everything up to now, then those
 * changes are applied). Without one: the monitor is started in the background (one per project, whoever
 * starts it) and, until it answers, the server reconciles by itself with a full sync through the executor.
 */
export function createFreshness(root: string, config: () => HeimdallConfig, log: (line: string) => void): FreshnessKeeper {
  const launcher = createMonitorLauncher(root, log);
  const syncs = createSyncRunner(config, log);
  const startMonitor = () => {
    if (config().mcp.startMonitor) launcher.ensureStarted();
  };
  return {
    async ensure() {
      const asked = Date.now();
      const asOf = new Date(asked).toISOString();
      const { freshnessMs } = config().mcp;
      const reply = await controlRequest(root, { op: 'wait', timeoutMs: freshnessMs }, freshnessMs + 1000);
      if (reply?.ok === true) return { fresh: true, asOf, via: 'monitor' };
      // Answering but still starting (its catch-up is not under way yet): the server syncs meanwhile.
      const why = reply === null ? null : 'reason' in reply ? reply.reason : reply.error;
      const starting = why !== null && /starting/.test(why);
      if (why !== null && !starting) return { fresh: false, asOf, via: 'monitor', detail: messages.mcp.monitorBehind(why) };
      if (reply === null) startMonitor();
      const result = await beforeDeadline(syncs.covering(asked), asked + freshnessMs);
      if (result === null) return { fresh: false, asOf, via: 'sync', detail: messages.mcp.syncStillRunning(freshnessMs) };
      const via = result.ok || result.ran ? 'sync' : 'none';
      return result.detail === undefined ? { fresh: result.ok, asOf, via } : { fresh: result.ok, asOf, via, detail: result.detail };
    },
    async prepare() {
      if (!config().mcp.startMonitor) return;
      if ((await controlRequest(root, { op: 'status' }, 1000)) === null) startMonitor();
    },
    get launch() {
      return launcher.state;
    },
    idle: () => syncs.idle(),
  };
}

/** The promise's value, or null once `deadline` (epoch ms) passes first; the timer never outlives the race. */
async function beforeDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
