import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { parentPidVariable } from '../contract/env-variables.js';

// Runs in its own thread, so that it still acts while the main thread is blocked: better-sqlite3 is synchronous,
// and one file's transaction can wait out a busy store (5 s) or parse a large file.
const watcherSource = `
const { workerData } = require('node:worker_threads');
const check = () => { if (process.ppid !== workerData.expected) process.kill(process.pid, 'SIGKILL'); };
check();
setInterval(check, workerData.intervalMs);
`;

/** The watchdog thread of a delegated command, started only when it is needed. */
export interface ParentWatchdog {
  /** Starts the thread, once (later calls do nothing); nothing without HEIMDALL_PARENT_PID. */
  arm(): void;
  /** Ends the thread: the rest of the call cannot block, and a thread still running would hold the exit up by several ms. */
  disarm(): void;
}

/**
 * For a command started with HEIMDALL_PARENT_PID (by the executor, or the monitor's catch-up sync): once that
 * parent is gone (SIGKILLed: it could not stop us), this process SIGKILLs itself within `intervalMs` of `arm()`
 * or of the parent's death, even in the middle of a transaction, which SQLite then rolls back: the file keeps its
 * previous memories. Our own children notice us gone the same way. Without the variable, nothing is watched.
 * The thread costs ~15 ms of CPU, ~9 MB and a join at exit (far more wall time than that on a busy machine), so
 * `load` arms it only before what can hold its main thread (load/reconcile-paths.ts); between files, parentIsGone
 * is checked anyway.
 */
export function deferredWatchdog(env: NodeJS.ProcessEnv = process.env, intervalMs = 100): ParentWatchdog {
  const expected = Number(env[parentPidVariable]);
  const watched = Number.isInteger(expected) && expected > 0;
  let worker: Worker | null = null;
  let armed = false;
  return {
    arm() {
      if (armed || !watched) return;
      armed = true;
      try {
        // execArgv []: the source is CommonJS, whatever --input-type this process was started with.
        // Required only now: a call that never arms does not load the worker machinery either.
        const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
        worker = new Worker(watcherSource, { eval: true, execArgv: [], workerData: { expected, intervalMs } });
        worker.on('error', () => {});
        worker.unref();
      } catch {
        // No thread to be had (out of memory or descriptors): the between-files check still stops the call.
      }
    },
    disarm() {
      void worker?.terminate().catch(() => {});
      worker = null;
    },
  };
}

/** The watchdog armed at once, for a command that may block from its first step on (`sync`). */
export function exitWhenParentDies(env: NodeJS.ProcessEnv = process.env, intervalMs = 100): void {
  deferredWatchdog(env, intervalMs).arm();
}
