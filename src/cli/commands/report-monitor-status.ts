import { ExitCode } from '../../contract/exit-code.js';
import { messages } from '../../errors/messages.js';
import { findMonitor } from '../../watch/find-monitor.js';
import { formatMonitorStatus } from '../format-monitor-status.js';
import { printJson, printOutcome } from '../output.js';

/**
 * `monitor status [--json]`: from the live monitor. Exit 0 when it runs, 3 when not
 * (like LSB's `status`), 1 when it holds the lock but does not answer.
 */
export async function reportMonitorStatus(root: string, json: boolean): Promise<number> {
  const found = await findMonitor(root);
  switch (found.kind) {
    case 'absent':
      printOutcome(json, { running: false, root }, messages.monitorNotRunning(root));
      return ExitCode.monitorConflict;
    case 'starting':
      printOutcome(json, { running: true, phase: 'starting', pid: found.pid, root }, `monitor:     starting (pid ${found.pid})`);
      return ExitCode.ok;
    case 'unresponsive': {
      const { pid, startedAt } = found.holder;
      printOutcome(json, { running: true, responding: false, pid, root, startedAt }, messages.watch.notResponding(pid));
      return ExitCode.failure;
    }
    case 'running':
      if (json) printJson(found.status);
      else process.stdout.write(formatMonitorStatus(found.status));
      return ExitCode.ok;
  }
}
