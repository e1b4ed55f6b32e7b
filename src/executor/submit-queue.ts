import { summarize, type FileResult } from '../contract/load-report.js';
import type { FailureEntry } from '../contract/executor-stats.js';
import type { SubmitOutcome } from './executor-types.js';

/** One submit() waiting for its paths. */
export interface Waiter {
  readonly remaining: Set<string>;
  readonly outcome: SubmitOutcome;
  readonly final: Map<string, FileResult>;
  /** Its paths, each once, in the order of their last mention: the order of its results. */
  readonly order: Set<string>;
  resolve(outcome: SubmitOutcome): void;
}

export type Settlement =
  | { kind: 'applied'; result: FileResult }
  | { kind: 'failed'; entry: FailureEntry; result: FileResult | null }
  | { kind: 'cancelled' };

/** Submits in order: each resolves once all its paths are settled and every earlier submit has resolved. */
export function createSubmitQueue() {
  const queue: Waiter[] = [];

  const flush = (): void => {
    while (queue.length > 0 && queue[0]!.remaining.size === 0) {
      const waiter = queue.shift()!;
      for (const path of waiter.order) {
        const result = waiter.final.get(path);
        if (result !== undefined) waiter.outcome.results.push(result);
      }
      waiter.resolve(waiter.outcome);
    }
  };

  return {
    /** A submit, waiting for the paths expect() names (none yet). */
    open(): { waiter: Waiter; promise: Promise<SubmitOutcome> } {
      let resolve!: (outcome: SubmitOutcome) => void;
      const promise = new Promise<SubmitOutcome>((r) => (resolve = r));
      const waiter: Waiter = {
        remaining: new Set(),
        outcome: { applied: 0, failed: [], reports: [], results: [], cancelled: [] },
        final: new Map(),
        order: new Set(),
        resolve,
      };
      queue.push(waiter);
      return { waiter, promise };
    },

    /** `waiter` waits for `path` too (before any of its paths is settled). */
    expect(waiter: Waiter, path: string): void {
      waiter.order.delete(path);
      waiter.order.add(path);
      waiter.remaining.add(path);
    },

    settle(waiter: Waiter, path: string, settlement: Settlement): void {
      if (!waiter.remaining.delete(path)) return;
      const { outcome } = waiter;
      if (settlement.kind === 'applied') {
        outcome.applied++;
        waiter.final.set(path, settlement.result);
      } else if (settlement.kind === 'failed') {
        outcome.failed.push(settlement.entry);
        if (settlement.result !== null) waiter.final.set(path, settlement.result);
      } else {
        outcome.cancelled.push(path);
      }
      if (waiter.remaining.size === 0 && queue[0] === waiter) flush();
    },

    /** One call's results for the paths `waiter` waits on (before settle() removes them). */
    report(waiter: Waiter, results: FileResult[], durationMs: number): void {
      if (results.length > 0) waiter.outcome.reports.push({ results, summary: summarize(results), durationMs });
    },

    /** Resolves what can be resolved (after settling a batch of paths). */
    flush,
  };
}
