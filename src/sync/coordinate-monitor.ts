import { messages } from '../errors/messages.js';
import { queryLock } from '../lock/process-lock.js';
import { controlRequest } from '../watch/control-request.js';
import { assertSyncState } from './assert-sync-state.js';

export interface MonitorCoordination {
  /** Ends the coordination: the deferred notifications reach the monitor (as `unchanged` no-ops). */
  release(): Promise<void>;
}

// Short enough that a catch-up starting meanwhile is seen at once; each round flushes the watcher.
const waitRoundMs = 1000;

const none: MonitorCoordination = { release: async () => {} };

/**
 * With a monitor running, one change must not be applied by both it and this sync.
 * 1. `heimdall.sync` is asserted on the watch root: what the monitor has not been told
 *    yet waits (its subscription defers on the state) until this sync is done.
 * 2. What the monitor was already told (a git checkout's files reach it a few hundred ms
 *    before a hook's sync gets here) it finishes first: this sync waits for the monitor
 *    to have applied every change made so far (bounded), so that its own loads then find
 *    those files `unchanged` instead of racing the monitor's batch on the same files.
 * The monitor's own catch-up (`heimdall sync` run by the monitor) skips all this: the
 * monitor waits for it, so it must not wait for the monitor.
 */
export async function coordinateWithMonitor(root: string, runDir: string, log: (line: string) => void, waitMs = 30_000): Promise<MonitorCoordination> {
  const monitor = await queryLock(root, 'monitor', runDir);
  if (monitor === null || monitor.pid === process.ppid) return none;
  const reply = await controlRequest(root, { op: 'status' }, 3000);
  // A monitor that has not read its config yet says neither its backend nor its catch-up.
  const status = reply?.ok === true && 'backend' in reply.status ? reply.status : undefined;
  // Only a Watchman-backed monitor defers on the state; asserting it otherwise would create a watch for nothing.
  const state = status?.backend === 'watchman' ? await assertSyncState(root) : null;
  if (state?.kind === 'failed') log(messages.sync.watchmanStateFailed(state.reason));
  const coordination = { release: async () => (state?.kind === 'asserted' ? state.leave() : undefined) };
  // A monitor running its catch-up waits for that `heimdall sync`, which waits for this one's lock:
  // waiting for the monitor then would only burn the timeout.
  // It can also start while this sync waits (a fresh instance after a Watchman restart): waiting in short
  // rounds, with a look at the catch-up between them, stops as soon as it does.
  const catchUpRuns = (state: string | undefined) => state === 'running' || state === 'retrying';
  if (catchUpRuns(status?.catchUp.state)) return coordination;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const roundMs = Math.max(1, Math.min(waitRoundMs, deadline - Date.now()));
    const waited = await controlRequest(root, { op: 'wait', timeoutMs: roundMs }, roundMs + 5000);
    if (waited?.ok === true) return coordination;
    const now = await controlRequest(root, { op: 'status' }, 3000);
    const catchUp = now?.ok === true && 'backend' in now.status ? now.status.catchUp.state : undefined;
    if (catchUpRuns(catchUp)) return coordination;
    if (waited === null || Date.now() >= deadline) {
      log(messages.sync.monitorBusy(waited === null ? null : 'reason' in waited ? waited.reason : waited.error));
      return coordination;
    }
  }
}
