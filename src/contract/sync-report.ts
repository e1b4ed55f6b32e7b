// The JSON contract of `sync --json` and `sync --dry-run --json`.
import type { LoadReport } from './load-report.js';

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

/** `sync --json`: the foundation issue's shape ({results, summary, durationMs}) plus what the sync itself saw. */
export interface SyncReport extends LoadReport {
  mode: 'full' | 'since';
  /** Paths handed to load / remove-file. */
  candidates: number;
  /** Full sync: docs files on disk, and how many of them the fast path skipped without reading. */
  scanned: number;
  skipped: number;
}

/** `sync --dry-run --json`: what would be sent, and why; nothing is read or written. */
export interface DryRunReport {
  dryRun: true;
  mode: 'full' | 'since';
  results: Array<{ path: string; action: 'load' | 'remove' | 'keep'; reason: CandidateReason | 'unreadable'; kept?: number }>;
  summary: { load: number; remove: number; unreadable: number };
  scanned: number;
  skipped: number;
  durationMs: number;
}
