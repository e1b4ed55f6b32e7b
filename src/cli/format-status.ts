import { messages } from '../errors/messages.js';
import type { HooksStatusReport } from '../git/hooks-status.js';
import { countOf, formatBytes } from './format-units.js';
import type { MonitorSummary } from './monitor-summary.js';

/** `heimdall status --json`. */
export interface ProjectStatus {
  root: string;
  store: string;
  exists: boolean;
  sources: number;
  memories: number;
  storeBytes: number;
  schemaVersion: number;
  targetPaths: string[];
  monitor: MonitorSummary;
  hooks: HooksStatusReport | null;
}

/** `heimdall status` for people; `hooksUnknown` says why `hooks` is null. */
export function formatStatus(status: ProjectStatus, hooksUnknown: string): string {
  return (
    [
      `root:     ${status.root}`,
      `docs:     ${status.targetPaths.join(', ')}`,
      `store:    ${status.store}${status.exists ? '' : ' (not created yet)'}`,
      `sources:  ${status.sources}`,
      `memories: ${status.memories}`,
      `size:     ${formatBytes(status.storeBytes)} (schema version ${status.schemaVersion})`,
      `monitor:  ${monitorLine(status.monitor)}`,
      `hooks:    ${status.hooks === null ? `none (${hooksUnknown})` : hooksLine(status.hooks)}`,
    ].join('\n') + '\n'
  );
}

function monitorLine(m: MonitorSummary): string {
  if (!m.running) return messages.status.monitorNotRunning;
  if ('responding' in m) return messages.watch.notResponding(m.pid);
  if (!('backend' in m)) return `starting (pid ${m.pid})`;
  const phase = m.phase === 'watching' ? '' : `, ${m.phase}`;
  return `running${phase} (pid ${m.pid}, ${m.backend ?? '?'} backend, ${countOf(m.pending, 'pending path', 'pending paths')})`;
}

function hooksLine(report: HooksStatusReport): string {
  const states = new Set(report.hooks.map((hook) => hook.state));
  const names = report.hooks.map((hook) => hook.name).join(', ');
  if (states.size === 1 && states.has('installed')) return `installed (${names})`;
  if (states.size === 1 && states.has('missing')) return `missing (${names}): ${messages.status.hooksInstallHint}`;
  return `${report.hooks.map((hook) => `${hook.name} ${hook.state}`).join(', ')}: ${messages.status.hooksDetailHint}`;
}
