// The JSON contract of `load` and `remove-file`. The executor, the hooks, `sync`
// and users' own scripts parse it: change it only compatibly.
import type { ErrorCode } from './error-code.js';

export type LoadAction = 'loaded' | 'unchanged' | 'removed' | 'absent' | 'moved' | 'failed';

/** Why a path is not a docs file under the current config (what `load` reports when it drops a stored one). */
export type OutOfScope = 'outside-target-paths' | 'ignored' | 'not-a-docs-extension';

export interface FileError {
  code: ErrorCode;
  message: string;
  /** false: a retry may succeed (busy store, out of descriptors, disk full, a file changing under us). */
  permanent: boolean;
}

export interface FileResult {
  path: string;
  action: LoadAction;
  memories: number;
  error?: FileError;
  /** With `moved`: the path the memories came from. */
  from?: string;
  /** With `removed` (by `load`): why the config no longer calls the path a docs file, whether or not it is still on disk. */
  reason?: OutOfScope;
}

export type LoadSummary = Record<LoadAction, number>;

export interface LoadReport {
  results: FileResult[];
  summary: LoadSummary;
  durationMs: number;
}

export function emptySummary(): LoadSummary {
  return { loaded: 0, unchanged: 0, removed: 0, moved: 0, absent: 0, failed: 0 };
}

export function summarize(results: FileResult[]): LoadSummary {
  const summary = emptySummary();
  for (const result of results) summary[result.action]++;
  return summary;
}
