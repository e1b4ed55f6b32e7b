import type { HeimdallConfig } from '../config/config-types.js';
import type { BackendKind } from '../contract/monitor-status.js';
import type { WatchListener } from './watch-event.js';

// The contract between the monitor and its file-watching backends (watchman-backend.ts, node-backend.ts).

export type BackendStart =
  | { type: 'watching'; watchRoot: string }
  /** Another client holds the monitor singleton state on this watch root. */
  | { type: 'held' };

export interface WatchBackend {
  readonly kind: BackendKind;
  /**
   * Starts delivering events for changes after `since` (null: after now, preceded by a
   * `fresh-instance` event) to `onEvent`, the listener of this start (a restart passes it again).
   * Throws BackendUnavailableError when the backend cannot run.
   */
  start(since: string | null, onEvent: WatchListener): Promise<BackendStart>;
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
  log: (line: string) => void;
}
