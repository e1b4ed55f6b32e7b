import { ExitCode } from '../contract/exit-code.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { resourceError } from '../errors/resource-error.js';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** One outcome: `value` as JSON on stdout, or `text` for people (on stderr when it reports a failure). */
export function printOutcome(json: boolean, value: unknown, text: string, failure = false): void {
  (failure && !json ? process.stderr : process.stdout).write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}

/** Prints an error for people on stderr and returns the exit code it maps to. */
export function reportError(error: unknown): number {
  const resource = error instanceof HeimdallError ? null : resourceError(error);
  if (resource !== null) return reportError(resource);
  if (error instanceof HeimdallError) {
    process.stderr.write(`heimdall: ${error.message}\n`);
    if (error.code === 'usage') process.stderr.write(`${messages.usage.hint}\n`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`heimdall: ${messages.unexpected(detail)}\n`);
  return ExitCode.failure;
}
