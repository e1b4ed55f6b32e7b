import { ExitCode } from '../../contract/exit-code.js';
import { messages } from '../../errors/messages.js';
import { findMonitor } from '../../watch/find-monitor.js';
import { formatMonitorStatus } from '../format-monitor-status.js';

/**
 * `monitor status [--json]`: from the live monitor. Exit 0 when it runs, 3 when not
 * (like LSB's `status`), 1 when it holds the lock but does not answer.
 */
export async function reportMonitorStatus(root: string, json: boolean): Promise<number> {
  const found = await findMonitor(root);
  if (found.kind === 'absent') {
    process.stdout.write(json ? `${JSON.stringify({ running: false, root })}\n` : `${messages.monitorNotRunning(root)}\n`);
    return ExitCode.monitorConflict;
  }
  if (found.kind === 'starting') {
    process.stdout.write(json ? `${JSON.stringify({ running: true, phase: 'starting', pid: found.pid, root })}\n` : `monitor:     starting (pid ${found.pid})\n`);
    return ExitCode.ok;
  }
  if (found.kind === 'unresponsive') {
    const { pid, startedAt } = found.holder;
    if (json) process.stdout.write(`${JSON.stringify({ running: true, responding: false, pid, root, startedAt })}\n`);
    else process.stdout.write(`${messages.watch.notResponding(pid)}\n`);
    return ExitCode.failure;
  }
  process.stdout.write(json ? `${JSON.stringify(found.status)}\n` : formatMonitorStatus(found.status));
  return ExitCode.ok;
}
