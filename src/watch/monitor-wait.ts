import { setTimeout as sleep } from 'node:timers/promises';
import { messages } from '../errors/messages.js';
import { controlRequest } from './control-request.js';
import { findMonitor } from './find-monitor.js';

export type MonitorWait = { kind: 'applied' } | { kind: 'not-running' } | { kind: 'not-applied'; reason: string };

/**
 * `monitor wait [--timeout S]`: whether every change made on disk before the call was
 * applied to the store within `timeoutMs`. The monitor makes its backend deliver
 * everything up to now first (Watchman: flush-subscriptions, which syncs with the
 * filesystem; Node: a cookie file), then waits for those changes. A monitor still
 * starting is waited for.
 */
export async function waitForMonitor(root: string, timeoutMs: number): Promise<MonitorWait> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = Math.max(0, deadline - Date.now());
    const reply = await controlRequest(root, { op: 'wait', timeoutMs: left }, left + 5000);
    if (reply?.ok === true) return { kind: 'applied' };
    const starting = reply !== null && 'error' in reply && /starting/.test(reply.error);
    if (reply === null || starting) {
      const found = await findMonitor(root, 1000);
      if (found.kind === 'absent') return { kind: 'not-running' };
      if (Date.now() < deadline) {
        await sleep(100);
        continue;
      }
    }
    return { kind: 'not-applied', reason: reply === null ? messages.watch.noAnswer : 'reason' in reply ? reply.reason : reply.error };
  }
}
