import type { HeimdallConfig } from '../config/config-types.js';
import type { ExecutorStats, FailureEntry } from '../contract/executor-stats.js';
import type { FileResult, LoadReport } from '../contract/load-report.js';

/** A path that may have changed. The child reconciles it against the disk, so a stale hint is harmless. */
export interface Candidate {
  /** Project-relative POSIX path. */
  path: string;
  /** The source's belief that the file is gone: it goes to the remove command instead of load. */
  deleted: boolean;
}

/** What one `submit` came to once its paths were applied (or given up on). */
export interface SubmitOutcome {
  /** Paths whose final result was not `failed`. */
  applied: number;
  failed: FailureEntry[];
  /**
   * One report per call that carried any of this submit's paths, restricted to those paths (summary
   * recomputed), in call order: a path that was retried appears once per attempt.
   */
  reports: LoadReport[];
  /** The final result of each path that got one, in the order the paths were submitted. */
  results: FileResult[];
  /** Paths neither applied nor failed because stop() came first (or the submit came after it). */
  cancelled: string[];
}

export interface ExecutorOptions {
  /** Uses `root` and `executor.*`. */
  config: HeimdallConfig;
  /** The caller's log, one line per call. */
  log?: (line: string) => void;
  /** Extra environment for the children (PATH included: commands are looked up with the children's PATH). */
  env?: NodeJS.ProcessEnv;
  /** SIGTERM-to-SIGKILL grace when a call times out (stop() takes its own). Default 3000 ms. */
  killGraceMs?: number;
  /**
   * Keep a `load` child started ahead of the next batch (executor/warm-load.ts), when the commands are heimdall's
   * own (command-argv.ts loadRemoves): the batch then skips the child's start-up. For a long-lived caller (the
   * monitor); one waiting child holds ~65 MB, and is ended after `warmIdleMs` (default 60 s) unused.
   */
  warmStart?: boolean;
  warmIdleMs?: number;
  // Test seams: the backoff schedule is testable without sleeping.
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface Executor {
  /** Resolves when these paths are applied or given up on; outcomes resolve in submission order. Never rejects. */
  submit(candidates: Iterable<Candidate>): Promise<SubmitOutcome>;
  /** Paths waiting (merged per path), including those waiting out a backoff. */
  readonly pending: number;
  /** Paths in the running call. */
  readonly inFlight: number;
  stats(): ExecutorStats;
  /** Per-file failures (permanent, or temporary ones that used up their attempts); a later success clears an entry. */
  failures(): FailureEntry[];
  /**
   * Stops intake, SIGTERMs the running child's process group, SIGKILLs it after `graceMs` (default 3000) and
   * resolves when no child is left. Pending submits resolve (not reject) with what was done.
   */
  stop(graceMs?: number): Promise<void>;
}
