import { ExitCode } from '../cli/exit-codes.js';
import type { FileResult } from './report-types.js';

/**
 * The exit code of a call, from its results: 1 when the work could not be attempted at all
 * (the store or the delegated command is unusable), 75 when a retry may help, 65 when some
 * inputs are bad, else 0. `load`, `remove-file` and `sync` all answer this way.
 */
export function exitCodeOf(results: FileResult[]): number {
  const failures = results.filter((result) => result.action === 'failed');
  const codes = new Set<string>(failures.map((result) => result.error?.code ?? ''));
  if (codes.has('executor-config') || failures.some((result) => result.error?.code === 'store-unavailable' && result.error.permanent)) return ExitCode.failure;
  if (failures.some((result) => result.error?.permanent === false)) return ExitCode.temporaryFailure;
  return failures.length > 0 ? ExitCode.permanentFailure : ExitCode.ok;
}
