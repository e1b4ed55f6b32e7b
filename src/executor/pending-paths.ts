import type { Waiter } from './submit-queue.js';

/** One path waiting for (or in) a call; submits of the same path share it while it waits. */
export interface Entry {
  path: string;
  deleted: boolean;
  /** Tries so far. */
  attempts: number;
  waiters: Waiter[];
}

export interface Batch {
  remove: Entry[];
  load: Entry[];
}

/**
 * The paths waiting for the next batch, keyed by path: bounded by the number of files, not of events.
 * A path submitted again while it waits is merged (the latest `deleted` wins).
 */
export function createPendingPaths(batchSize: number) {
  const waiting = new Map<string, Entry>();
  return {
    get size(): number {
      return waiting.size;
    },

    add(path: string, deleted: boolean, waiter: Waiter): void {
      const entry = waiting.get(path);
      if (entry === undefined) waiting.set(path, { path, deleted, attempts: 0, waiters: [waiter] });
      else {
        entry.deleted = deleted;
        entry.waiters.push(waiter);
      }
    },

    /** A path to try again; if it was submitted anew meanwhile, that newer entry wins and inherits the attempts. */
    requeue(entry: Entry): void {
      const newer = waiting.get(entry.path);
      if (newer === undefined) waiting.set(entry.path, entry);
      else {
        newer.waiters.push(...entry.waiters);
        newer.attempts = Math.max(newer.attempts, entry.attempts);
      }
    },

    /**
     * Oldest first: up to batchSize removals and batchSize loads for two calls, or, `together` (one call takes
     * both, command-argv.ts's loadRemoves), up to batchSize paths in all.
     */
    take(together = false): Batch {
      const batch: Batch = { remove: [], load: [] };
      for (const entry of waiting.values()) {
        const list = entry.deleted ? batch.remove : batch.load;
        if (together) {
          if (batch.remove.length + batch.load.length >= batchSize) break;
          list.push(entry);
        } else if (list.length < batchSize) list.push(entry);
        else if (batch.remove.length >= batchSize && batch.load.length >= batchSize) break;
      }
      for (const entry of [...batch.remove, ...batch.load]) waiting.delete(entry.path);
      return batch;
    },

    takeAll(): Entry[] {
      const all = [...waiting.values()];
      waiting.clear();
      return all;
    },
  };
}
