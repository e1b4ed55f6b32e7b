import { Worker } from 'node:worker_threads';
import { parentPidVariable } from '../contract/env-variables.js';

// Runs in its own thread, so that it still acts while the main thread is blocked: better-sqlite3 is synchronous,
// and one file's transaction can wait out a busy store (5 s) or parse a large file.
const watcherSource = `
const { workerData } = require('node:worker_threads');
const check = () => { if (process.ppid !== workerData.expected) process.kill(process.pid, 'SIGKILL'); };
check();
setInterval(check, workerData.intervalMs);
`;

/**
 * For a command started with HEIMDALL_PARENT_PID (by the executor, or the monitor's catch-up sync): once that
 * parent is gone (SIGKILLed: it could not stop us), this process SIGKILLs itself within `intervalMs`, even in the
 * middle of a transaction, which SQLite then rolls back: the file keeps its previous memories. Our own children
 * notice us gone the same way. Without the variable, nothing is watched. Costs a worker thread (~10 MB, ~25 ms
 * of start-up on another core); the between-files check (parentIsGone) stays as the fallback.
 */
export function exitWhenParentDies(env: NodeJS.ProcessEnv = process.env, intervalMs = 100): void {
  const expected = Number(env[parentPidVariable]);
  if (!Number.isInteger(expected) || expected <= 0) return;
  try {
    // execArgv []: the source is CommonJS, whatever --input-type this process was started with.
    const worker = new Worker(watcherSource, { eval: true, execArgv: [], workerData: { expected, intervalMs } });
    worker.on('error', () => {});
    worker.unref();
  } catch {
    // No thread to be had (out of memory or descriptors): the between-files check still stops the call.
  }
}
