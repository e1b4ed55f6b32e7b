/** Where the monitor is, each phase with what it knows; the watch root once known stays shown in `monitor status`. */
export type MonitorState =
  | { phase: 'starting' }
  | { phase: 'watching'; watchRoot: string }
  /**
   * The backend is being restarted (a lost connection, a missed heartbeat, a new docs scope):
   * `attempt` restarts so far (the backoff), `timer` the one scheduled, null while one runs.
   */
  | { phase: 'reconnecting'; watchRoot: string | null; attempt: number; timer: NodeJS.Timeout | null }
  | { phase: 'stopping'; watchRoot: string | null };

export function watchRootOf(state: MonitorState): string | null {
  return state.phase === 'starting' ? null : state.watchRoot;
}

export interface MonitorStateCell {
  readonly current: MonitorState;
  /** Moves to `next`. A reconnect timer the state left behind holds is cancelled: no restart fires for a state that is gone. */
  enter(next: MonitorState): void;
  readonly stopping: boolean;
}

export function createMonitorState(): MonitorStateCell {
  let current: MonitorState = { phase: 'starting' };
  return {
    get current() {
      return current;
    },
    enter: (next) => {
      if (current.phase === 'reconnecting' && current.timer !== null && (next.phase !== 'reconnecting' || next.timer !== current.timer)) clearTimeout(current.timer);
      current = next;
    },
    get stopping() {
      return current.phase === 'stopping';
    },
  };
}
