import type { HeimdallConfig } from '../config/config-types.js';

// The contract between the monitor and its file-watching backends (Watchman, or
// the Node fallback). A tagged union, like metro-file-map's, so that each backend
// reports the same facts and the monitor never needs to know which one runs.

export type BackendKind = 'watchman' | 'node';

export type WatchEvent =
  /** A path (project-relative POSIX) that may have changed; `exists` is the backend's belief. */
  | { type: 'change'; path: string; exists: boolean }
  /**
   * The backend cannot say what changed since the requested point (no saved clock,
   * Watchman restarted, clock too old, or a backend without clocks): the monitor must
   * reconcile everything. Changes after `clock` follow as ordinary events.
   */
  | { type: 'fresh-instance'; clock: string | null }
  /** Every change up to `clock` has been delivered (Watchman only: the end of one notification). */
  | { type: 'clock'; clock: string }
  /** The connection is unusable; `end` follows. */
  | { type: 'error'; error: Error }
  /** The backend stopped delivering events (connection closed, watch canceled); restart it to resume. */
  | { type: 'end'; reason: string };

export type WatchListener = (event: WatchEvent) => void;

export type BackendStart =
  | { type: 'watching'; watchRoot: string }
  /** Another client holds the monitor singleton state on this watch root. */
  | { type: 'held' };

export interface WatchBackend {
  readonly kind: BackendKind;
  /**
   * Starts delivering events for changes after `since` (null: after now, preceded by a
   * `fresh-instance` event). Throws BackendUnavailableError when the backend cannot run.
   */
  start(since: string | null): Promise<BackendStart>;
  /** Resolves once every change made on disk before the call has been delivered as an event. */
  flush(timeoutMs: number): Promise<void>;
  /**
   * One bounded round trip to the watcher, for the heartbeat: a poisoned Watchman keeps delivering
   * on its existing subscription but refuses every command, so only a command shows it. Throws
   * BackendPoisonedError then; other failures (no answer in time) are the heartbeat canary's to judge.
   */
  probe(timeoutMs: number): Promise<void>;
  /** Stops delivering events and releases what it holds (the Watchman state, inotify watches). */
  stop(): Promise<void>;
  /** New docs scope (a reloaded config); it applies from the next start(). */
  reconfigure(monitoring: HeimdallConfig['monitoring']): void;
  /** Problems worth showing in `monitor status` (a bounded number of watches reached, ...). */
  warnings(): string[];
}

export interface BackendOptions {
  /** Symlink-resolved project root. */
  root: string;
  monitoring: HeimdallConfig['monitoring'];
  /** Project-relative directory whose `canary.*` files the backend also reports (the health check's canaries). */
  controlDir: string;
  /** Project-relative path of the config file, also reported as a change (the monitor reloads it). It may lie outside every target path. */
  configFile: string;
  onEvent: WatchListener;
  log: (line: string) => void;
}

export class BackendUnavailableError extends Error {
  override readonly name: string = 'BackendUnavailableError';
}

/** The backend will not watch this root any more (Watchman's poison: the inotify limit was hit); the monitor falls back. */
export class BackendPoisonedError extends BackendUnavailableError {
  override readonly name = 'BackendPoisonedError';
}

/** A file under the control directory the monitor itself handles (never sent to the executor). */
export function controlFilePrefix(controlDir: string): string {
  return `${controlDir}/canary.`;
}
