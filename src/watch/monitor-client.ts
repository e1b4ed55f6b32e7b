import { runtimePaths } from '../config/runtime-paths.js';
import { queryLock, type LockOwner } from '../lock/process-lock.js';
import { requestControl, type ControlReply, type ControlRequest } from './control-socket.js';
import type { MonitorStatus } from './monitor-status.js';

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
  const { runDir } = runtimePaths(root);
  const reply = await requestControl(root, runDir, { op: 'status' }, timeoutMs);
  const status = reply?.ok === true ? (reply['status'] as MonitorStatus | undefined) : undefined;
  if (status !== undefined) return status.phase === 'starting' ? { kind: 'starting', pid: status.pid } : { kind: 'running', status };
  const holder = await queryLock(root, 'monitor', runDir, timeoutMs);
  if (holder !== null) return { kind: 'unresponsive', holder };
  return { kind: 'absent' };
}

export function controlRequest(root: string, request: ControlRequest, timeoutMs: number): Promise<ControlReply | null> {
  return requestControl(root, runtimePaths(root).runDir, request, timeoutMs);
}

// The tests of the monitor commands ask liveness from here; the one check is the process toolkit's.
export { processAlive } from '../process/process-alive.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
