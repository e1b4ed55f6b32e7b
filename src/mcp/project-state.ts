import type { HeimdallConfig } from '../config/config-types.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { gitRepoInfo } from '../git/git-repo-info.js';
import { hooksStatus, type HookStatus } from '../git/hooks-status.js';
import { schemaVersion } from '../store/migrations.js';
import { findMonitor } from '../watch/find-monitor.js';
import type { LaunchState } from './monitor-launcher.js';
import { memoriesAreDocs } from './remember-memory.js';
import type { StoreReader } from './store-reader.js';

export interface MonitorState {
  running: boolean;
  /** False for a monitor that holds the lock but does not answer (busy or stuck). */
  responding: boolean;
  pid: number | null;
  phase: string | null;
  backend: string | null;
  pending: number | null;
  inFlight: number | null;
  /** Why the monitor reports itself degraded (a missed heartbeat), or null. */
  degraded: string | null;
}

export interface ProjectState {
  root: string;
  targetPaths: string[];
  store: { exists: boolean; file: string; sources: number; memories: number; storeBytes: number; schemaVersion: number };
  monitor: MonitorState;
  /** Per hook, for this project; null outside git (hooksUnknown says why). */
  hooks: Array<Pick<HookStatus, 'name' | 'state' | 'detail'>> | null;
  hooksUnknown: string | null;
  mcp: {
    memoriesDir: string;
    /** Whether a memory written there is a doc (inside a target path, not ignored): `remember` refuses otherwise. */
    memoriesIndexed: boolean;
    freshnessMs: number;
    startMonitor: boolean;
    monitorLaunch: LaunchState;
    /** The refused edit of config.yaml, while the previous config stays in use. */
    configError: string | null;
  };
}

/** `status`: the store's counts, the live monitor (from its control socket), the git hooks, and the server's own settings. */
export async function projectState(config: HeimdallConfig, reader: StoreReader, extra: { launch: LaunchState; configError: string | null }): Promise<ProjectState> {
  const { root } = config;
  const file = reader.location;
  const [found, hooks] = await Promise.all([findMonitor(root, 1000), readHooks(root)]);
  const counts = await reader.read((store) => store.status());
  const memoriesDir = config.mcp.memoriesDir;
  return {
    root,
    targetPaths: config.monitoring.targetPaths,
    store: { exists: counts !== null, file, ...(counts ?? { sources: 0, memories: 0, storeBytes: 0, schemaVersion }) },
    monitor: monitorState(found),
    ...hooks,
    mcp: {
      memoriesDir,
      memoriesIndexed: memoriesAreDocs(config),
      freshnessMs: config.mcp.freshnessMs,
      startMonitor: config.mcp.startMonitor,
      monitorLaunch: extra.launch,
      configError: extra.configError,
    },
  };
}

function monitorState(found: Awaited<ReturnType<typeof findMonitor>>): MonitorState {
  const none = { running: false, responding: false, pid: null, phase: null, backend: null, pending: null, inFlight: null, degraded: null };
  switch (found.kind) {
    case 'absent':
      return none;
    case 'starting':
      return { ...none, running: true, responding: true, pid: found.pid, phase: 'starting' };
    case 'unresponsive':
      return { ...none, running: true, pid: found.holder.pid };
    case 'running': {
      const { pid, phase, backend, pending, inFlight, degraded } = found.status;
      return { running: true, responding: true, pid, phase, backend, pending, inFlight, degraded: degraded?.reason ?? null };
    }
  }
}

async function readHooks(root: string): Promise<Pick<ProjectState, 'hooks' | 'hooksUnknown'>> {
  try {
    if ((await gitRepoInfo(root)) === null) return { hooks: null, hooksUnknown: messages.status.notARepo };
    const report = await hooksStatus(root);
    return { hooks: report.hooks.map(({ name, state, detail }) => ({ name, state, detail })), hooksUnknown: null };
  } catch (error) {
    if (error instanceof HeimdallError) return { hooks: null, hooksUnknown: error.message };
    throw error;
  }
}
