import type { Candidate } from '../executor/executor-types.js';
import { createPendingPaths } from '../executor/pending-paths.js';

export interface SettleTimes {
  /** Quiet time after the last change before the batch is due. */
  settleMs: number;
  /** Longest time a change waits during a continuous stream. */
  settleCapMs: number;
}

export interface PendingChanges {
  /** Records the latest belief about `path`; the batch becomes due after the settle time. */
  add(path: string, exists: boolean): void;
  /** Everything pending, as candidates; the map is left empty. */
  take(): Candidate[];
  readonly size: number;
  configure(times: SettleTimes): void;
  /** Cancels the timers (on stop); pending paths stay until taken. */
  cancel(): void;
}

/**
 * Pending changes keyed by path, latest state wins: memory is bounded by the number
 * of files, not of events, and nothing is ever dropped. Settling is done here, on
 * the client side (Watchman 4.9.0 has no per-subscription settle): `onDue` fires
 * after `settleMs` of quiet, or `settleCapMs` after the first pending change,
 * whichever comes first, so that a continuous stream is still applied regularly.
 */
export function createPendingChanges(times: SettleTimes, onDue: () => void): PendingChanges {
  let { settleMs, settleCapMs } = times;
  const paths = createPendingPaths();
  let quietTimer: NodeJS.Timeout | null = null;
  let capTimer: NodeJS.Timeout | null = null;

  const clear = () => {
    if (quietTimer) clearTimeout(quietTimer);
    if (capTimer) clearTimeout(capTimer);
    quietTimer = capTimer = null;
  };
  const due = () => {
    clear();
    onDue();
  };

  return {
    add: (path, exists) => {
      // The batch lists paths in the order they last changed.
      paths.add(path, !exists);
      if (quietTimer) quietTimer.refresh();
      else quietTimer = setTimeout(due, settleMs);
      capTimer ??= setTimeout(due, settleCapMs);
    },
    take: () => {
      clear();
      return paths.takeCandidates();
    },
    get size() {
      return paths.size;
    },
    configure: (next) => {
      ({ settleMs, settleCapMs } = next);
    },
    cancel: clear,
  };
}
