import type { WaitResult } from '../contract/control-protocol.js';
import { writeAppliedClock } from './applied-clock.js';
import { createAppliedWaiters } from './applied-waiters.js';
import type { CatchUpOwed, CatchUpPoint } from './catch-up-owed.js';

export interface AppliedLedgerOptions {
  runDir: string;
  catchUp: CatchUpOwed;
  /** A reload of the config is owed (requested, settling or running): it counts as an unapplied change. */
  reloadOwed(): boolean;
  /** The watcher missed its heartbeat (a catch-up is owed): why a wait times out. */
  degraded(): { reason: string } | null;
  /** A job runs or changes wait to be batched. */
  busy(): boolean;
  /** Where a saved clock belongs; null while a clock means nothing (the Node backend, no watch root yet). */
  clockTarget(): { watchRoot: string; scope: string } | null;
  fail(message: string): void;
}

export interface AppliedLedger {
  /** A change (a doc, or the config file) was received: `wait` now covers it. */
  received(): void;
  /** Every change up to `clock` has been received. */
  clock(clock: string | null): void;
  /** What has been received so far: a batch taking every pending change covers this point. */
  point(): CatchUpPoint;
  /** A full reconcile of everything received so far is owed (a fresh instance, a new docs scope, a missed heartbeat). */
  oweCatchUp(): void;
  /** Everything up to `point` is in the store. */
  applied(point: CatchUpPoint): void;
  /** Nothing runs, nothing is pending or owed: everything received is applied. */
  idle(): boolean;
  /** When idle, marks everything received as applied (a clock after the last batch, a batch-less round). */
  settle(): void;
  /** Resolves ok once every change received before the call is applied; at the deadline with what it still waits for. */
  wait(timeoutMs: number): Promise<WaitResult>;
  readonly appliedClock: string | null;
  readonly appliedAt: string | null;
  /** The clock to resubscribe from: the applied one, so what was received but not applied is re-sent. */
  readonly since: string | null;
  cancel(reason: string): void;
}

/**
 * How far the monitor has applied what it received: sequence numbers order every change,
 * `appliedSeq` says how far everything is in the store. The one rule of the monitor lives here:
 * while a catch-up (or a reload) is owed, neither is the Watchman clock saved (a restart must
 * catch up again) nor does `monitor wait` claim success.
 */
export function createAppliedLedger(options: AppliedLedgerOptions): AppliedLedger {
  const { catchUp } = options;
  let receivedSeq = 0;
  let appliedSeq = 0;
  let lastClock: string | null = null;
  let appliedClock: string | null = null;
  let appliedAt: string | null = null;
  const waiters = createAppliedWaiters();
  const blocked = () => catchUp.owed() || options.reloadOwed();
  const idle = () => !options.busy() && !blocked();
  const reason = (): string => {
    const degraded = options.degraded();
    return options.reloadOwed() ? 'the config is being reloaded'
      : degraded !== null ? `the watcher missed its heartbeat: ${degraded.reason}`
      : catchUp.owed() ? 'the catch-up (heimdall sync) is not done' : 'changes are still being applied';
  };

  const applied = (point: CatchUpPoint): void => {
    if (point.seq > appliedSeq) appliedSeq = point.seq;
    appliedAt = new Date().toISOString();
    const target = options.clockTarget();
    if (point.clock !== null && point.clock !== appliedClock && !catchUp.owed() && target !== null) {
      appliedClock = point.clock;
      try {
        writeAppliedClock(options.runDir, point.clock, target.watchRoot, target.scope);
      } catch (error) {
        options.fail(`cannot save the applied clock under ${options.runDir}: ${(error as Error).message}`);
      }
    }
    if (!blocked()) waiters.release(appliedSeq);
  };

  return {
    received: () => {
      receivedSeq++;
    },
    clock: (clock) => {
      lastClock = clock;
    },
    point: () => ({ seq: receivedSeq, clock: lastClock }),
    oweCatchUp: () => catchUp.owe({ seq: ++receivedSeq, clock: lastClock }),
    applied,
    idle,
    settle: () => {
      if (idle()) applied({ seq: receivedSeq, clock: lastClock });
    },
    wait: async (timeoutMs) => {
      const target = receivedSeq;
      if (appliedSeq >= target && !blocked()) return { ok: true };
      return waiters.add(target, timeoutMs, reason);
    },
    get appliedClock() {
      return appliedClock;
    },
    get appliedAt() {
      return appliedAt;
    },
    get since() {
      return appliedClock ?? lastClock;
    },
    cancel: (reason) => waiters.cancel(reason),
  };
}
