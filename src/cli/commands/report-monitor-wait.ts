import { ExitCode } from '../../contract/exit-code.js';
import { messages } from '../../errors/messages.js';
import { waitForMonitor } from '../../watch/monitor-wait.js';
import { printOutcome } from '../output.js';

/** `monitor wait [--json]`: exit 0 once every change made before the call is applied; 1 at the deadline; 3 when no monitor runs. */
export async function reportMonitorWait(root: string, timeoutMs: number, json: boolean): Promise<number> {
  const waited = await waitForMonitor(root, timeoutMs);
  switch (waited.kind) {
    case 'applied':
      printOutcome(json, { applied: true, root }, messages.watch.waitDone);
      return ExitCode.ok;
    case 'not-running':
      printOutcome(json, { applied: false, running: false, root }, `heimdall: ${messages.monitorNotRunning(root)}`, true);
      return ExitCode.monitorConflict;
    case 'not-applied':
      printOutcome(json, { applied: false, running: true, root, reason: waited.reason }, `heimdall: ${messages.watch.waitTimeout(Math.round(timeoutMs / 1000), waited.reason)}`, true);
      return ExitCode.failure;
  }
}
