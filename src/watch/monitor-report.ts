import { ExitCode } from '../cli/exit-codes.js';
import { messages } from '../errors/messages.js';
import { findMonitor } from './monitor-client.js';
import type { MonitorStatus } from './monitor-status.js';

/**
 * `monitor status [--json]`: from the live monitor. Exit 0 when it runs, 3 when not
 * (like LSB's `status`), 1 when it holds the lock but does not answer.
 */
export async function reportStatus(root: string, json: boolean): Promise<number> {
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
  process.stdout.write(json ? `${JSON.stringify(found.status)}\n` : formatStatus(found.status));
  return ExitCode.ok;
}

export function formatStatus(s: MonitorStatus): string {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const files = Object.entries(s.stats.files)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${action} ${n}`)
    .join(', ');
  const catchUp =
    s.catchUp.state === 'none' ? 'not needed'
    : s.catchUp.state === 'running' ? `running since ${s.catchUp.startedAt}`
    : s.catchUp.state === 'done' ? `done at ${s.catchUp.finishedAt}`
    : s.catchUp.state === 'retrying' ? `failed (attempt ${s.catchUp.attempt}), next try at ${s.catchUp.nextAt}: ${s.catchUp.error}`
    : `failed: ${s.catchUp.error}`;
  const lines = [
    `monitor:     running, ${s.phase} (pid ${s.pid}, ${s.backend ?? '?'} backend)`,
    `root:        ${s.root}${s.watchRoot !== null && s.watchRoot !== s.root ? ` (watch root ${s.watchRoot})` : ''}`,
    `docs:        ${s.targetPaths.join(', ')}`,
    `started:     ${s.startedAt}`,
    `memory:      ${mb(s.rssBytes)} resident`,
    `pending:     ${s.pending} path(s), ${s.inFlight} in flight`,
    `applied:     ${s.appliedClock ?? '(no clock)'}${s.appliedAt === null ? '' : ` at ${s.appliedAt}`}`,
    `catch-up:    ${catchUp}`,
    `events:      ${s.monitor.events} change(s) in ${s.monitor.batches} batch(es); ${s.monitor.reconnects} reconnect(s)`,
    `executor:    ${s.stats.calls} call(s)${files === '' ? '' : ` (${files})`}, ${s.stats.retries} retry round(s), ${s.stats.timeouts} timeout(s)`,
  ];
  if (s.failures.length > 0) {
    lines.push(`failures:    ${s.failures.length}`);
    for (const f of s.failures.slice(0, 5)) lines.push(`  ${f.path}: ${f.message} (${f.permanent ? 'permanent' : 'gave up'}, ${f.attempts} attempt(s))`);
    if (s.failures.length > 5) lines.push(`  ... and ${s.failures.length - 5} more (monitor status --json lists them all)`);
  }
  if (s.lastError !== null) lines.push(`last error:  ${s.lastError.message} (${s.lastError.at})`);
  for (const warning of s.warnings) lines.push(`warning:     ${warning}`);
  return `${lines.join('\n')}\n`;
}
