import { listProcStats } from './proc-stat.js';

/** Sends `signal` to the whole process group; false when the group is already empty. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    // EPERM: a member we may not signal (it changed its uid) still counts as alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether any member of the group still runs. kill(-pgid, 0) also counts zombies: a grandchild re-parented to
 * an init that reaps lazily (or never: PID 1 of these machines does not reap detached processes) would look
 * alive forever. On Linux, a group whose members are all zombies is therefore read from /proc as gone.
 */
export function groupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  if (process.platform !== 'linux') return true;
  const stats = listProcStats();
  if (stats === null) return true;
  return stats.some((stat) => stat.pgrp === pgid && stat.state !== 'Z');
}
