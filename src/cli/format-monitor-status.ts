import type { MonitorStatus } from '../contract/monitor-status.js';
import type { HeartbeatState } from '../watch/heartbeat.js';
import { formatBytes, formatLocalTime } from './format-units.js';

const at = (iso: string) => formatLocalTime(iso, { seconds: true });

/**
 * `monitor status` for people. The Watchman clock is for machines (`--json` keeps it): people get
 * the time of the last applied change.
 */
export function formatMonitorStatus(s: MonitorStatus): string {
  const files = Object.entries(s.stats.files)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${action} ${n}`)
    .join(', ');
  const catchUp =
    s.catchUp.state === 'none' ? 'not needed'
    : s.catchUp.state === 'running' ? `running since ${at(s.catchUp.startedAt)}`
    : s.catchUp.state === 'done' ? `done at ${at(s.catchUp.finishedAt)}`
    : s.catchUp.state === 'retrying' ? `failed (attempt ${s.catchUp.attempt}), next try at ${at(s.catchUp.nextAt)}: ${s.catchUp.error}`
    : `failed: ${s.catchUp.error}`;
  const lines = [
    `monitor:     running, ${s.phase} (pid ${s.pid}, ${s.backend ?? '?'} backend)`,
    `root:        ${s.root}${s.watchRoot !== null && s.watchRoot !== s.root ? ` (watch root ${s.watchRoot})` : ''}`,
    `docs:        ${s.targetPaths.join(', ')}`,
    `started:     ${at(s.startedAt)}`,
    `memory:      ${formatBytes(s.rssBytes)} resident`,
    `pending:     ${s.pending} path(s), ${s.inFlight} in flight`,
    `applied:     ${s.appliedAt === null ? 'nothing yet' : at(s.appliedAt)}`,
    `catch-up:    ${catchUp}`,
    `events:      ${s.monitor.events} change(s) in ${s.monitor.batches} batch(es); ${s.monitor.reconnects} reconnect(s)`,
    `executor:    ${s.stats.calls} call(s)${files === '' ? '' : ` (${files})`}, ${s.stats.retries} retry round(s), ${s.stats.timeouts} timeout(s)`,
    `heartbeat:   ${heartbeat(s.heartbeat)}`,
  ];
  if (s.degraded !== null) lines.push(`degraded:    since ${at(s.degraded.since)}: ${s.degraded.reason}`);
  if (s.fallback !== null) lines.push(`fallback:    node backend since ${at(s.fallback.at)}: ${s.fallback.reason}`);
  if (s.failures.length > 0) {
    lines.push(`failures:    ${s.failures.length}`);
    for (const f of s.failures.slice(0, 5)) lines.push(`  ${f.path}: ${f.message} (${f.permanent ? 'permanent' : 'gave up'}, ${f.attempts} attempt(s))`);
    if (s.failures.length > 5) lines.push(`  ... and ${s.failures.length - 5} more (monitor status --json lists them all)`);
  }
  if (s.lastError !== null) lines.push(`last error:  ${s.lastError.message} (${at(s.lastError.at)})`);
  for (const warning of s.warnings) lines.push(`warning:     ${warning}`);
  return `${lines.join('\n')}\n`;
}

function heartbeat(h: HeartbeatState): string {
  const seen = h.lastSeen === null ? 'none seen yet' : `last seen ${at(h.lastSeen.seenAt)} (${h.lastSeen.ms} ms after it was written)`;
  const outstanding = h.outstanding === null ? '' : `; one outstanding since ${at(h.outstanding.writtenAt)}`;
  return `every ${h.intervalS} s, ${seen}${outstanding}${h.misses > 0 ? `; ${h.misses} missed` : ''}`;
}
