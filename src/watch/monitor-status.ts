import type { ExecutorStats, FailureEntry } from '../executor/executor-types.js';
import type { CatchUpState } from './catch-up-sync.js';
import type { ConfigState } from './config-reload.js';
import type { Degraded, HeartbeatState } from './heartbeat.js';
import type { BackendKind } from './watch-event.js';

export type MonitorPhase = 'starting' | 'watching' | 'reconnecting' | 'stopping';

/** V8's view of the monitor's memory. */
export function memoryFigures(): MonitorStatus['memory'] {
  const { heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { heapTotal, heapUsed, external, arrayBuffers };
}

/** Why the Node backend runs: Watchman would not start (not installed, no socket), or it was poisoned (the inotify limit ran out). */
export interface BackendFallback {
  from: 'watchman';
  cause: 'unavailable' | 'poisoned';
  reason: string;
  at: string;
}

/** `monitor status --json` of a live monitor (the same object the lock publishes to queryLock callers). */
export interface MonitorStatus {
  running: true;
  pid: number;
  backend: BackendKind | null;
  root: string;
  /** Watchman's watch root (the git top-level, usually); the project root for the node backend. */
  watchRoot: string | null;
  phase: MonitorPhase;
  startedAt: string;
  rssBytes: number;
  /** V8's view (bytes): where the resident memory goes. */
  memory: { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  /** Paths not yet applied: waiting to settle, in the next batch, or in the executor's queue. */
  pending: number;
  /** Paths in the running subprocess call. */
  inFlight: number;
  /** The Watchman clock every change before which is applied (null: none yet, or the node backend). */
  appliedClock: string | null;
  appliedAt: string | null;
  catchUp: CatchUpState;
  stats: ExecutorStats;
  failures: FailureEntry[];
  lastError: { at: string; message: string } | null;
  /** The monitor's own canary, written every `monitoring.heartbeat_s`. */
  heartbeat: HeartbeatState;
  /** A heartbeat was missed and none seen since: resubscribing, and a full catch-up is owed. `monitor health` exits 1. */
  degraded: Degraded | null;
  /** Set when the Node backend runs in place of Watchman, with the reason. */
  fallback: BackendFallback | null;
  warnings: string[];
  monitor: { events: number; batches: number; syncs: number; reconnects: number };
  settle: { settleMs: number; settleCapMs: number };
  targetPaths: string[];
  /** The running config: when it was applied, a reload in progress, the error of a reload that was refused. */
  config: ConfigState;
}

export type MonitorStatusReply = MonitorStatus | { running: false; root: string };
