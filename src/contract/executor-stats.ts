// What the executor reports about itself; `monitor status --json` carries both.
import type { ErrorCode } from './error-code.js';

export interface FailureEntry {
  path: string;
  code: ErrorCode;
  message: string;
  /** ISO time of the last attempt. */
  at: string;
  attempts: number;
  permanent: boolean;
}

export interface ExecutorStats {
  /** Subprocess calls started (a batch with removals and loads makes two). */
  calls: number;
  /** Per-path results by action (`loaded`, `unchanged`, `removed`, `absent`, `moved`, `failed`), every attempt counted. */
  files: Record<string, number>;
  /** Backoff rounds: times a batch's temporary failures were scheduled for another try. */
  retries: number;
  /** Paths re-sent after a temporary failure, summed over the rounds. */
  retriedPaths: number;
  timeouts: number;
  permanentFailures: number;
  /** Paths given up after executor.retry.attempts temporary failures. */
  exhausted: number;
  /** Calls that could not run the command (missing, not executable, exit 2/126/127). */
  configErrors: number;
  lastError: { at: string; message: string } | null;
  durationsMs: { last: number[]; p50: number | null; p95: number | null };
}
