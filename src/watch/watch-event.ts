// What the file-watching backends (Watchman, or the Node fallback) tell the monitor. A tagged
// union, like metro-file-map's, so that each backend reports the same facts and the monitor
// never needs to know which one runs.

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
