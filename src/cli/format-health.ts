import type { HealthReport } from '../watch/monitor-health.js';

/** `monitor health` for people: the verdict, then one line a check. */
export function formatHealth(report: HealthReport): string {
  const lines = [`monitor: ${report.health}`, ...report.checks.map((check) => `  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`)];
  return `${lines.join('\n')}\n`;
}
