import type { Executor } from '../executor/executor-types.js';
import type { AppliedLedger } from './applied-ledger.js';
import type { CatchUpOwed } from './catch-up-owed.js';
import { collectGarbage } from './collect-garbage.js';
import { describeBatch } from './describe-batch.js';
import type { JobRunner } from './job-runner.js';
import type { PendingChanges } from './pending-changes.js';

export interface JobPumpParts {
  jobs: JobRunner;
  stopping(): boolean;
  /** The watcher misses its heartbeat. */
  degraded(): boolean;
  catchUp: CatchUpOwed;
  ledger: AppliedLedger;
  pending: PendingChanges;
  /** The executor for a batch starting now. */
  executor(): Executor;
  /** The config the job starting now runs under is pinned for its children (create-monitor.ts). */
  pin(): void;
  /** Counted for `monitor status`. */
  counters: { batches: number; syncs: number };
  /** The monitor's last error (already logged). */
  failed(message: string): void;
  log(line: string): void;
}

export interface JobPump {
  /** The pending changes have settled: the next pump takes them as a batch. */
  due(): void;
  /** Starts the next job if none runs: an owed catch-up first, else the due batch; else marks what is idle as applied. */
  pump(): void;
}

/** What the monitor runs next, and what a job's outcome means for the applied ledger. */
export function createJobPump(parts: JobPumpParts): JobPump {
  const { jobs, catchUp, ledger, pending, counters, log } = parts;
  let due = false;

  const pump = (): void => {
    if (jobs.current !== null || parts.stopping()) return;
    // Not while the watcher misses its heartbeat: a sync then would miss what changes after it.
    const owed = parts.degraded() ? null : catchUp.due();
    if (owed !== null) {
      counters.syncs++;
      parts.pin();
      jobs.run({ kind: 'catch-up' }, () => catchUp.run(owed), (ok) => {
        if (parts.stopping()) return;
        if (ok) {
          ledger.applied(owed);
          collectGarbage();
        } else if (catchUp.state.state === 'retrying') {
          parts.failed(`catch-up failed: ${catchUp.state.error}`);
        }
        pump();
      });
      return;
    }
    if (!due || pending.size === 0) {
      ledger.settle();
      return;
    }
    due = false;
    const executor = parts.executor();
    const point = ledger.point();
    const batch = pending.take();
    counters.batches++;
    log(describeBatch(batch));
    parts.pin();
    // The executor never rejects; a batch's failures stay in its failures() for `monitor status`.
    jobs.run({ kind: 'batch' }, () => executor.submit(batch), (outcome) => {
      if (outcome.failed.length > 0) log(`batch: ${outcome.failed.length} of ${batch.length} path(s) failed (see monitor status)`);
      // Paths the executor gave up on after its retries (a store busy for long, a broken command)
      // are not applied: owe a full sync, retried with growing delays. Until it succeeds the clock
      // is not saved and `wait` does not claim success, so no change is lost, even across a restart.
      if (outcome.failed.some((failure) => !failure.permanent)) {
        log(`batch: ${outcome.failed.filter((failure) => !failure.permanent).length} path(s) still owed: a full sync will reconcile them`);
        catchUp.owe(point);
      }
      if (outcome.cancelled.length === 0) ledger.applied(point);
      pump();
      if (jobs.current === null) collectGarbage();
    });
  };

  return {
    due: () => {
      due = true;
      pump();
    },
    pump,
  };
}
