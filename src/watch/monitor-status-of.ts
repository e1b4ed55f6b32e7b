import type { HeimdallConfig } from '../config/config-types.js';
import type { BackendFallback, CatchUpState, ConfigState, MonitorStatus } from '../contract/monitor-status.js';
import type { Executor } from '../executor/executor-types.js';
import type { AppliedLedger } from './applied-ledger.js';
import type { Heartbeat } from './heartbeat.js';
import { memoryFigures } from './memory-figures.js';
import { watchRootOf, type MonitorState } from './monitor-state.js';
import { monitorWarnings } from './monitor-warnings.js';
import type { WatchBackend } from './watch-backend.js';

export interface StatusParts {
  root: string;
  startedAt: string;
  state: MonitorState;
  backend: WatchBackend;
  executor: Executor;
  /** Paths waiting to settle. */
  pending: number;
  ledger: AppliedLedger;
  catchUp: CatchUpState;
  lastError: MonitorStatus['lastError'];
  monitor: MonitorStatus['monitor'];
  monitoring: HeimdallConfig['monitoring'];
  config: ConfigState;
  heartbeat: Heartbeat;
  fallback: BackendFallback | null;
}

/** What `monitor status` shows, from the monitor's parts at this moment. */
export function monitorStatusOf(parts: StatusParts): MonitorStatus {
  const { backend, executor, heartbeat, fallback } = parts;
  const watchRoot = watchRootOf(parts.state);
  const { phase } = parts.state;
  return {
    running: true,
    pid: process.pid,
    backend: backend.kind,
    root: parts.root,
    watchRoot,
    phase,
    startedAt: parts.startedAt,
    rssBytes: process.memoryUsage.rss(),
    memory: memoryFigures(),
    pending: parts.pending + executor.pending,
    inFlight: executor.inFlight,
    appliedClock: parts.ledger.appliedClock,
    appliedAt: parts.ledger.appliedAt,
    catchUp: parts.catchUp,
    stats: executor.stats(),
    failures: executor.failures(),
    lastError: parts.lastError,
    warnings: monitorWarnings({ backend, watchRoot, phase, catchUp: parts.catchUp, config: parts.config, fallback }),
    monitor: parts.monitor,
    settle: { settleMs: parts.monitoring.settleMs, settleCapMs: parts.monitoring.settleCapMs },
    targetPaths: parts.monitoring.targetPaths,
    config: { ...parts.config },
    heartbeat: { ...heartbeat.state },
    degraded: heartbeat.degraded,
    fallback,
  };
}
