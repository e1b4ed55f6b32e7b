import { messages } from '../errors/messages.js';

// The executor's user-facing wording. commandMissing lives in errors/messages.ts; the rest are candidates to move
// there (this concern does not own that file).
export const executorMessages = {
  commandMissing: (argv: string[]) => messages.executorCommandMissing(argv.slice(0, commandLength(argv))),
  usageError: (argv: string[], stderr: string) => {
    const detail = lastLine(stderr);
    return `${JSON.stringify(argv.join(' '))} rejected its arguments or its configuration (exit 2)${detail ? `: ${detail}` : ''}`;
  },
  rootMissing: (root: string) => `the project root ${JSON.stringify(root)} no longer exists (moved or deleted?)`,
  timedOut: (killed: boolean) => `timed out${killed ? ' (ignored SIGTERM: SIGKILLed)' : ''}`,
  retry: (paths: number, attempt: number, attempts: number, delayMs: number) =>
    `${paths} path(s) failed temporarily (attempt ${attempt} of ${attempts}); retrying in ${delayMs} ms`,
  exhausted: (attempts: number, last: string) => `gave up after ${attempts} attempt(s): ${last}`,
};

// The suffix we append (--files-from - -0 --json) is noise in a "command not found" message.
function commandLength(argv: string[]): number {
  const at = argv.lastIndexOf('--files-from');
  return at > 0 ? at : argv.length;
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return lines.at(-1) ?? '';
}
