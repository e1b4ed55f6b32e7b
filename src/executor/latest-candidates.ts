import type { Candidate } from './executor-types.js';

export interface LatestCandidates {
  /** The latest belief about `path` wins; a path mentioned again moves to the end. */
  add(path: string, deleted: boolean): void;
  readonly size: number;
  /** Every path once, in the order of its last mention; the set is left empty. */
  take(): Candidate[];
}

/**
 * The one per-path merge of candidates: latest belief wins, in the order of the last mention. The
 * monitor's pending changes accumulate events with it, and submit() merges a batch with it before the
 * paths join the executor's queue (which merges with what already waits there, keeping each waiting
 * path's place and attempts: pending-paths.ts).
 */
export function createLatestCandidates(): LatestCandidates {
  const latest = new Map<string, boolean>();
  return {
    add: (path, deleted) => {
      latest.delete(path);
      latest.set(path, deleted);
    },
    get size() {
      return latest.size;
    },
    take: () => {
      const candidates: Candidate[] = [];
      for (const [path, deleted] of latest) candidates.push({ path, deleted });
      latest.clear();
      return candidates;
    },
  };
}
