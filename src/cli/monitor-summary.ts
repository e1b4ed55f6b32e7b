import type { MonitorPresence } from '../watch/find-monitor.js';
import type { BackendKind, MonitorPhase } from '../contract/monitor-status.js';

/** The monitor in `heimdall status --json`: the same fields (and values) as `monitor status --json`, fewer of them. */
export type MonitorSummary =
  | { running: false }
  | { running: true; phase: 'starting'; pid: number }
  | { running: true; responding: false; pid: number; startedAt: string }
  | { running: true; phase: MonitorPhase; pid: number; backend: BackendKind | null; pending: number; inFlight: number };

export function monitorSummary(found: MonitorPresence): MonitorSummary {
  switch (found.kind) {
    case 'absent':
      return { running: false };
    case 'starting':
      return { running: true, phase: 'starting', pid: found.pid };
    case 'unresponsive':
      return { running: true, responding: false, pid: found.holder.pid, startedAt: found.holder.startedAt };
    case 'running': {
      const { phase, pid, backend, pending, inFlight } = found.status;
      return { running: true, phase, pid, backend, pending, inFlight };
    }
  }
}
