import type { Candidate } from './executor-types.js';
import type { Waiter } from './submit-queue.js';

/** One path's pending state: the latest belief about it, its tries so far, the submits waiting for it. */
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

export interface PendingPaths {
  readonly size: number;
  /**
   * Merges a mention of `path`: the latest `deleted` wins. A path no earlier submit waits for (the monitor's
   * changes, a path named again within one submit) moves to the end: a batch lists paths in the order of their
   * last mention. A path an earlier submit waits for keeps its place and its attempts, `waiter` joining it:
   * oldest first, so that a path changed over and over is not pushed past the batch size for ever.
   */
  add(path: string, deleted: boolean, waiter?: Waiter): void;
  /** A path to try again; if it was submitted anew meanwhile, that newer entry wins and inherits the attempts. */
  requeue(entry: Entry): void;
  /**
   * Oldest first: up to batchSize removals and batchSize loads for two calls, or, `together` (one call takes
   * both, command-argv.ts's loadRemoves), up to batchSize paths in all.
   */
  take(batchSize: number, together: boolean): Batch;
  /** Every entry, in order; the map is left empty. */
  takeAll(): Entry[];
  /** Every path once with its latest belief, in order; the map is left empty (what the monitor submits). */
  takeCandidates(): Candidate[];
}

/**
 * The one per-path merge of pending work, keyed by path: bounded by the number of files, not of events. The
 * monitor's pending changes collect events in one (watch/pending-changes.ts); the executor's queue is another,
 * which each submit's candidates join, and whose entries carry their tries and their submits.
 */
export function createPendingPaths(): PendingPaths {
  const waiting = new Map<string, Entry>();
  const takeAll = (): Entry[] => {
    const all = [...waiting.values()];
    waiting.clear();
    return all;
  };
  return {
    get size(): number {
      return waiting.size;
    },

    add(path, deleted, waiter) {
      const entry = waiting.get(path);
      if (entry === undefined) {
        waiting.set(path, { path, deleted, attempts: 0, waiters: waiter === undefined ? [] : [waiter] });
        return;
      }
      entry.deleted = deleted;
      if (entry.waiters.every((other) => other === waiter)) {
        waiting.delete(path);
        waiting.set(path, entry);
      }
      if (waiter !== undefined && !entry.waiters.includes(waiter)) entry.waiters.push(waiter);
    },

    requeue(entry) {
      const newer = waiting.get(entry.path);
      if (newer === undefined) waiting.set(entry.path, entry);
      else {
        newer.waiters.push(...entry.waiters);
        newer.attempts = Math.max(newer.attempts, entry.attempts);
      }
    },

    take(batchSize, together) {
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

    takeAll,
    takeCandidates: () => takeAll().map(({ path, deleted }) => ({ path, deleted })),
  };
}
