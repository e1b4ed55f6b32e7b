import { ExitCode } from '../cli/exit-codes.js';
import { messages } from '../errors/messages.js';
import { controlRequest, findMonitor, sleep } from './monitor-client.js';

/**
 * `monitor wait [--timeout S]`: 0 once every change made on disk before the call is
 * applied to the store; 1 at the deadline; 3 when no monitor runs. The monitor makes
 * its backend deliver everything up to now first (Watchman: flush-subscriptions, which
 * syncs with the filesystem; Node: a cookie file), then waits for those changes.
 */
export async function waitForMonitor(root: string, timeoutMs: number, json: boolean): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const print = (value: Record<string, unknown>, text: string, error = false) =>
    (error && !json ? process.stderr : process.stdout).write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
  for (;;) {
    const left = Math.max(0, deadline - Date.now());
    const reply = await controlRequest(root, { op: 'wait', timeoutMs: left }, left + 5000);
    if (reply?.ok === true) {
      print({ applied: true, root }, messages.watch.waitDone);
      return ExitCode.ok;
    }
    const starting = reply !== null && /starting/.test(String(reply.error));
    if (reply === null || starting) {
      const found = await findMonitor(root, 1000);
      if (found.kind === 'absent') {
        print({ applied: false, running: false, root }, `heimdall: ${messages.monitorNotRunning(root)}`, true);
        return ExitCode.monitorConflict;
      }
      if (Date.now() < deadline) {
        await sleep(100);
        continue;
      }
    }
    const reason = reply === null ? 'the monitor did not answer' : String(reply['reason'] ?? reply.error ?? 'unknown');
    print({ applied: false, running: true, root, reason }, `heimdall: ${messages.watch.waitTimeout(Math.round(timeoutMs / 1000), reason)}`, true);
    return ExitCode.failure;
  }
}
