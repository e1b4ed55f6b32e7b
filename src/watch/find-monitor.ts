import { runtimePaths } from '../config/runtime-paths.js';
import type { MonitorStatus } from '../contract/monitor-status.js';
import { queryLock, type LockOwner } from '../lock/process-lock.js';
import { controlRequest } from './control-request.js';

/** What the `monitor` commands know about the project's monitor. */
export type MonitorPresence =
  | { kind: 'running'; status: MonitorStatus }
  /** Answering, but not watching yet (reading its config, connecting to Watchman). */
  | { kind: 'starting'; pid: number }
  /** It holds the lock (so it lives) but does not answer on its control socket (starting, or stuck). */
  | { kind: 'unresponsive'; holder: LockOwner }
  | { kind: 'absent' };

/**
 * Asks the live monitor, never a file it may have left behind: the control socket
 * first, then the lock (held exactly as long as the monitor lives) to tell a busy
 * monitor from none.
 */
export async function findMonitor(root: string, timeoutMs = 3000): Promise<MonitorPresence> {
  const reply = await controlRequest(root, { op: 'status' }, timeoutMs);
  const status = reply?.ok === true ? reply.status : undefined;
  if (status !== undefined) return status.phase === 'starting' ? { kind: 'starting', pid: status.pid } : { kind: 'running', status };
  const holder = await queryLock(root, 'monitor', runtimePaths(root).runDir, timeoutMs);
  if (holder !== null) return { kind: 'unresponsive', holder };
  return { kind: 'absent' };
}

/** The pid of the monitor found, whichever way it answered; null when none runs. */
export function pidOf(found: MonitorPresence): number | null {
  switch (found.kind) {
    case 'running':
      return found.status.pid;
    case 'starting':
      return found.pid;
    case 'unresponsive':
      return found.holder.pid;
    case 'absent':
      return null;
  }
}
