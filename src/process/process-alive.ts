import { readProcStat } from './proc-stat.js';

/** One process, not just a pid: the kernel reuses pids, and a start time tells the new owner from the old. */
export interface ProcessIdentity {
  pid: number;
  /** From /proc/<pid>/stat when the identity was taken; null where there is no /proc (liveness falls back to the pid). */
  startTime: number | null;
}

/** Who runs under `pid` now (startTime null when nobody does, or off Linux). */
export function processIdentity(pid: number): ProcessIdentity {
  return { pid, startTime: readProcStat(pid)?.startTime ?? null };
}

/**
 * Whether the process still runs. A zombie counts as gone: it only waits to be reaped, and on these machines
 * PID 1 does not reap detached processes, so kill(pid, 0) alone would call it alive forever. With an identity,
 * a pid now held by another process (a different start time) is gone too.
 */
export function processAlive(target: number | ProcessIdentity): boolean {
  const { pid, startTime } = typeof target === 'number' ? { pid: target, startTime: null } : target;
  if (!signalProcess(pid, 0)) return false;
  const stat = readProcStat(pid);
  if (stat === null) return process.platform !== 'linux';
  if (stat.state === 'Z') return false;
  return startTime === null || stat.startTime === startTime;
}

/** Sends `signal` to one process; false when there is no such process. */
export function signalProcess(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    // EPERM: it exists, but we may not signal it (another user's).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
