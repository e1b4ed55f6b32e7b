import { availableParallelism } from 'node:os';
import type { Candidate, SubmitOutcome } from '../executor/executor-types.js';

// Below this many candidates a second lane's child start-up (~100-150 ms) costs about what it saves.
const minLaneCandidates = 500;
// SQLite takes one writer at a time: a lane plans (reads, hashes, parses) while the other writes, and a third
// would mostly wait for the write lock.
const maxLanes = 2;

/**
 * A large sync's candidates split between executors that run side by side (a branch switch of thousands of docs, on
 * a machine of two cores or more): one load child each. The removals all go to the first lane with the first loads,
 * so that a rename's two halves most likely share a call (and its memories move instead of being parsed again); the
 * lanes get about as many paths each. Paths are disjoint across lanes: each child reconciles its own against the disk.
 */
export function syncLanes<T extends Candidate>(candidates: readonly T[], cores = availableParallelism()): T[][] {
  const lanes = Math.max(1, Math.min(maxLanes, cores, Math.floor(candidates.length / minLaneCandidates)));
  if (lanes === 1) return [[...candidates]];
  const removals = candidates.filter((c) => c.deleted);
  const loads = candidates.filter((c) => !c.deleted);
  const share = Math.ceil(candidates.length / lanes);
  const split: T[][] = [removals];
  for (const load of loads) {
    if (split[split.length - 1]!.length >= share && split.length < lanes) split.push([]);
    split[split.length - 1]!.push(load);
  }
  return split;
}

/** The lanes' outcomes as one, results in the order of `candidates` (what one executor would have given). */
export function mergeOutcomes(outcomes: readonly SubmitOutcome[], candidates: readonly Candidate[]): SubmitOutcome {
  if (outcomes.length === 1) return outcomes[0]!;
  const position = new Map(candidates.map((c, i) => [c.path, i]));
  const at = (path: string) => position.get(path) ?? Number.POSITIVE_INFINITY;
  return {
    applied: outcomes.reduce((sum, o) => sum + o.applied, 0),
    failed: outcomes.flatMap((o) => o.failed).sort((a, b) => at(a.path) - at(b.path)),
    reports: outcomes.flatMap((o) => o.reports),
    results: outcomes.flatMap((o) => o.results).sort((a, b) => at(a.path) - at(b.path)),
    cancelled: outcomes.flatMap((o) => o.cancelled).sort((a, b) => at(a) - at(b)),
  };
}
