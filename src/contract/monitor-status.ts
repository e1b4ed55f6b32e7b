// `monitor status --json` of a live monitor: what its control socket answers to `status`.
import type { ExecutorStats, FailureEntry } from './executor-stats.js';

export type BackendKind = 'watchman' | 'node';

export type MonitorPhase = 'starting' | 'watching' | 'reconnecting' | 'stopping';

/** The full reconcile a fresh instance (or paths a batch gave up on) calls for. */
export type CatchUpState =
  | { state: 'none' }
  | { state: 'running'; startedAt: string; attempt: number }
  | { state: 'retrying'; attempt: number; nextAt: string; error: string }
  | { state: 'done'; finishedAt: string; summary: unknown }
  | { state: 'failed'; at: string; error: string };

/** The running config: when it was applied, a reload in progress, the error of a reload that was refused. */
export interface ConfigState {
  /** Project-relative path of the config file the monitor watches. */
  file: string;
  /** When the running config was read (at start, or by the last reload that applied). */
  appliedAt: string;
  /** A reload is waiting to settle or running: `monitor wait` does not claim success meanwhile. */
  reloading: boolean;
  /** The last reload could not read a valid config: the previous one keeps running. Cleared by a reload that applies. */
  error: { at: string; message: string } | null;
}

/** The monitor's own canary, written every `monitoring.heartbeat_s`. */
export interface HeartbeatState {
  intervalS: number;
  /** The last canary the watcher delivered: written at, seen at, and how long it took. */
  lastSeen: { token: string; writtenAt: string; seenAt: string; ms: number } | null;
  /** The canary written and not yet seen (nor given up on). */
  outstanding: { token: string; writtenAt: string } | null;
  misses: number;
}

/** Why the monitor cannot vouch for its watcher: a heartbeat was missed and none has been seen since. */
export interface Degraded {
  since: string;
  reason: string;
}

/** Why the Node backend runs: Watchman would not start (not installed, no socket), or it was poisoned (the inotify limit ran out). */
export interface BackendFallback {
  from: 'watchman';
  cause: 'unavailable' | 'poisoned';
  reason: string;
  at: string;
}

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

/** What a monitor answers before it has read its config and started watching. */
export interface StartingStatus {
  running: true;
  pid: number;
  root: string;
  phase: 'starting';
}
