import { warmStartVariable } from '../contract/env-variables.js';
import { spawnWaiting, type WaitingChild } from '../process/spawn-supervised.js';

export interface WarmLoadOptions {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  killGraceMs: number;
  /** A warm child unused this long is ended: it holds ~65 MB while it waits. */
  idleMs: number;
}

/** At most one `load` child started ahead of the next batch (ExecutorOptions.warmStart). */
export interface WarmLoad {
  /** The waiting child, if one is alive (the caller feeds it its batch and owns it from now on); else null. */
  take(): WaitingChild | null;
  /** Starts the next waiting child, unless one waits already. */
  prepare(): void;
  /** Ends the waiting child. */
  stop(graceMs: number): Promise<void>;
}

/**
 * A `load` child costs its start-up before it reads a path (node, the modules, the markdown parser, the parent
 * watchdog: most of a small batch's call). A warm child pays it while no batch waits: spawned with
 * HEIMDALL_WARM_START=1, it loads all of that, then blocks reading its stdin, and handles the one batch it is fed
 * like any `load` call (config read once the batch is there, one report, exit). Each child handles one batch.
 */
export function createWarmLoad(options: WarmLoadOptions): WarmLoad {
  let waiting: WaitingChild | null = null;
  let idle: NodeJS.Timeout | undefined;
  const env = { ...options.env, [warmStartVariable]: '1' };

  const end = (child: WaitingChild, graceMs: number) => child.terminate(graceMs);
  return {
    take() {
      clearTimeout(idle);
      const child = waiting;
      waiting = null;
      if (child === null || child.exited) return null;
      return child;
    },
    prepare() {
      if (waiting !== null && !waiting.exited) return;
      waiting = spawnWaiting(options.argv, { cwd: options.cwd, env, killGraceMs: options.killGraceMs });
      const child = waiting;
      clearTimeout(idle);
      idle = setTimeout(() => {
        if (waiting !== child) return;
        waiting = null;
        void end(child, options.killGraceMs);
      }, options.idleMs);
      idle.unref();
    },
    async stop(graceMs) {
      clearTimeout(idle);
      const child = waiting;
      waiting = null;
      if (child !== null) await end(child, graceMs);
    },
  };
}
