import type { MonitorPhase } from '../contract/monitor-status.js';

/** Where the monitor is, each phase with what it knows; the watch root once known stays shown in `monitor status`. */
export type MonitorState =
  | { phase: 'starting' }
  | { phase: 'watching'; watchRoot: string }
  /** The backend is being restarted (a lost connection, a missed heartbeat, a new docs scope). */
  | { phase: 'reconnecting'; watchRoot: string | null }
  | { phase: 'stopping'; watchRoot: string | null };

export function watchRootOf(state: MonitorState): string | null {
  return state.phase === 'starting' ? null : state.watchRoot;
}

/** The next state in `phase`, keeping the watch root known so far. */
export function enterPhase(state: MonitorState, phase: Exclude<MonitorPhase, 'starting' | 'watching'>): MonitorState {
  return { phase, watchRoot: watchRootOf(state) };
}
