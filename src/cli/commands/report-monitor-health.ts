import { checkHealth, type Health } from '../../watch/monitor-health.js';
import { formatHealth } from '../format-health.js';
import { printJson } from '../output.js';

const exitCodes: Record<Health, number> = { healthy: 0, degraded: 1, down: 2 };

/** `monitor health [--json]`: exit 0 healthy, 1 degraded, 2 down. */
export async function reportMonitorHealth(root: string, canaryTimeoutMs: number, json: boolean): Promise<number> {
  const report = await checkHealth(root, canaryTimeoutMs);
  const { health, pid, checks } = report;
  if (json) printJson({ health, pid, root, checks });
  else process.stdout.write(formatHealth(report));
  return exitCodes[health];
}
