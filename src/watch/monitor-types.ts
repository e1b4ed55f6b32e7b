import type { HeimdallConfig } from '../config/config-types.js';
import type { Executor } from '../executor/executor-types.js';
import type { WaitResult } from '../contract/control-protocol.js';
import type { BackendFallback, BackendKind, MonitorStatus } from '../contract/monitor-status.js';
import type { CatchUpRun } from './catch-up-sync.js';
import type { ReloadCause } from './config-reload.js';
import type { BackendStart, WatchBackend } from './watch-backend.js';
import type { WatchEvent } from './watch-event.js';

export interface MonitorOptions {
  root: string;
  runDir: string;
  /** Project-relative form of runDir: where the health canaries are written. */
  controlDir: string;
  config: HeimdallConfig;
  /** Project-relative path of the config file: a change of it (reported by the backend) reloads the config. */
  configFile: string;
  /** Reads and validates the config afresh; throws when it is invalid (the running one is kept). */
  readConfig(): Promise<HeimdallConfig>;
  /** A reloaded config was applied (the log takes its rotation limits). */
  onConfigApplied?(config: HeimdallConfig): void;
  /**
   * The config the job about to start (a batch, a catch-up) runs under, when it is not the one pinned for the
   * previous job: its children are to read it (run-monitor-process.ts writes the snapshot, config-snapshot.ts).
   * Called at a job's start, never during one: a reload reaches the next job, so that a batch's children judge
   * its paths by the config the monitor chose them with, retries included.
   */
  pinConfig?(config: HeimdallConfig): void;
  backend: WatchBackend;
  createExecutor(config: HeimdallConfig): Executor;
  log(line: string): void;
  /** The catch-up after a fresh instance (default: the `heimdall sync` subprocess). */
  catchUp?: (root: string) => CatchUpRun;
  /** Why this monitor runs the Node backend instead of Watchman (shown by `monitor status`). */
  fallback?: BackendFallback;
}

/** Why a monitor ended by itself: another took the singleton over, or Watchman was poisoned (run the Node backend instead). */
export type MonitorEnd = { type: 'taken-over'; reason: string } | { type: 'fallback'; reason: string };

export interface Monitor {
  readonly kind: BackendKind;
  /** Starts the backend since `since`; 'held' when another monitor owns the Watchman state. */
  start(since: string | null): Promise<BackendStart>;
  /** The listener the monitor passes to its backend's start(); tests standing in for a backend call it directly. */
  onEvent(event: WatchEvent): void;
  status(): MonitorStatus;
  /** Resolves true once every change made on disk before the call is applied (false at the deadline). */
  waitApplied(timeoutMs: number): Promise<WaitResult>;
  /** Resolves true once the canary file with this token has been seen. */
  canary(token: string, timeoutMs: number): Promise<boolean>;
  /** Rereads the config (SIGHUP, or its file changed) and applies it if valid; `waitApplied` covers it. */
  requestReload(cause: ReloadCause): void;
  /** Stops intake, lets the running batch finish within `graceMs` (else kills it), releases the backend. */
  stop(graceMs: number): Promise<void>;
  /** Resolves when the monitor ends by itself (the singleton was taken over after a reconnect, or Watchman was poisoned). */
  readonly ended: Promise<MonitorEnd>;
}
