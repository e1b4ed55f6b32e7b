import { ExitCode } from './exit-code.js';
import type { FileResult } from './load-report.js';

/**
 * The exit code of a call, from its results: 1 when the work could not be attempted at all
 * (the store or the delegated command is unusable), 75 when a retry may help, 65 when some
 * inputs are bad, else 0. `load`, `remove-file` and `sync` all answer this way.
 */
export function exitCodeOf(results: FileResult[]): ExitCode {
  const failures = results.filter((result) => result.action === 'failed');
  const unusable = failures.some((result) => result.error?.code === 'executor-config' || (result.error?.code === 'store-unavailable' && result.error.permanent));
  if (unusable) return ExitCode.failure;
  if (failures.some((result) => result.error?.permanent === false)) return ExitCode.temporaryFailure;
  return failures.length > 0 ? ExitCode.permanentFailure : ExitCode.ok;
}
