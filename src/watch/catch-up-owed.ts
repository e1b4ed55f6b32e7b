import type { CatchUpState } from '../contract/monitor-status.js';
import type { CatchUpRun } from './catch-up-sync.js';

/** The point a full reconcile covers: every change up to this sequence number and clock. */
export interface CatchUpPoint {
  seq: number;
  clock: string | null;
}

const retryDelaysMs = [1000, 5000, 30_000, 120_000, 600_000];

export interface CatchUpOwed {
  readonly state: CatchUpState;
  /** A fresh instance: a full reconcile is owed up to `point` (a newer one replaces an older: one reconcile covers both). */
  owe(point: CatchUpPoint): void;
  /** Owed, running, or waiting out a retry: the store may miss what changed while nobody watched. */
  owed(): boolean;
  /** The owed point when a run may start now (not while one runs, nor during a retry delay). */
  due(): CatchUpPoint | null;
  /** Starts the run for `point`; resolves with its outcome once the state is updated. */
  run(point: CatchUpPoint): Promise<boolean>;
  stop(): void;
}

/**
 * The full reconcile a fresh instance calls for, with its retries: owed until one run
 * succeeds, retried with growing delays (changes keep being applied meanwhile), so that
 * the monitor never claims to be caught up when it is not.
 */
export function createCatchUpOwed(start: () => CatchUpRun, log: (line: string) => void, onRetryDue: () => void): CatchUpOwed {
  let state: CatchUpState = { state: 'none' };
  let owed: CatchUpPoint | null = null;
  let running: CatchUpRun | null = null;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  const now = () => new Date().toISOString();
  const clearTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  return {
    get state() {
      return state;
    },
    owe: (point) => {
      owed = point;
      clearTimer();
    },
    owed: () => owed !== null || running !== null,
    due: () => (running === null && timer === null ? owed : null),
    run: (point) => {
      owed = null;
      state = { state: 'running', startedAt: now(), attempt: failures + 1 };
      log('catch-up: running `heimdall sync` (a fresh instance, a new docs scope, a missed heartbeat, or paths a batch gave up on)');
      const current = start();
      running = current;
      return current.done.then((result) => {
        running = null;
        if (result.ok) {
          failures = 0;
          state = { state: 'done', finishedAt: now(), summary: result.summary };
          log(`catch-up: done ${JSON.stringify(result.summary)}`);
        } else {
          const delay = retryDelaysMs[Math.min(failures, retryDelaysMs.length - 1)]!;
          failures++;
          state = { state: 'retrying', attempt: failures, nextAt: new Date(Date.now() + delay).toISOString(), error: result.error };
          log(`catch-up failed (attempt ${failures}): ${result.error}; next try in ${delay / 1000} s`);
          owed ??= point;
          timer = setTimeout(() => {
            timer = null;
            onRetryDue();
          }, delay);
        }
        return result.ok;
      });
    },
    stop: () => {
      clearTimer();
      running?.kill();
    },
  };
}
