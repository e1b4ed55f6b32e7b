import type { Executor } from '../executor/executor-types.js';

/** The executor batches go to, hot-swapped by a reload that changes its settings. */
export interface ExecutorSlot {
  /** The executor of the running (or last) batch: its queue and stats are what `monitor status` shows. */
  readonly current: Executor;
  /** A reloaded executor: it waits for the running batch, and takes over at the next one. */
  replace(next: Executor): void;
  /** The executor for a batch starting now (the replacement, if any, takes over; the old one stops). */
  forBatch(): Executor;
  stop(): Promise<void>;
}

export function createExecutorSlot(first: Executor): ExecutorSlot {
  let current = first;
  let next: Executor | null = null;
  return {
    get current() {
      return current;
    },
    replace: (replacement) => {
      if (next !== null) void next.stop(0);
      next = replacement;
    },
    forBatch: () => {
      if (next !== null) {
        void current.stop(1000);
        current = next;
        next = null;
      }
      return current;
    },
    stop: async () => {
      await Promise.all([current.stop(1000), next?.stop(0)]);
    },
  };
}
