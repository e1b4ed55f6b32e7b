import type { CandidateReason } from '../contract/sync-report.js';
import type { Candidate } from '../executor/executor-types.js';

/** A candidate with why it is one: what `--dry-run` shows, and what the log says. */
export interface SyncCandidate extends Candidate {
  reason: CandidateReason;
}
