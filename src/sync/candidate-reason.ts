import type { Candidate } from '../executor/executor-types.js';

/** Why a path is a candidate: what `--dry-run` shows, and what the log says. */
export type CandidateReason =
  | 'new' // on disk, not in the store
  | 'modified' // size or mtime differ from the store's
  | 'racy' // same size and mtime, but modified within a second of being indexed: only a hash can tell
  | 'unverified' // the fast path was off
  | 'deleted' // in the store (or git's diff), not on disk
  | 'out-of-scope' // stored, but no longer a docs file under the config (load removes it)
  | 'unwalked' // stored, a docs path on disk, but the walk did not reach it (load decides)
  | 'added' | 'changed' | 'renamed-from' | 'renamed-to' | 'untracked'; // from git

export interface SyncCandidate extends Candidate {
  reason: CandidateReason;
}
