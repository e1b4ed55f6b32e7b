import { parseLeanArgs } from './lean-args.js';
import { reportError } from './output.js';

// The lean entry point of `load` and `remove-file` as the executor calls them (`--files-from - -0 --json`, see
// executor/command-argv.ts): a process per batch, so every millisecond of start-up is paid per batch. yargs
// (~70 ms with its string-width) is skipped: node:util's parseArgs reads the few flags of that call. Anything else
// (--help, a human's call without --json, a flag spelled another way, a repeated or empty flag) returns null,
// and route.ts hands the argv to yargs, which keeps every word of the behaviour for people.
const options = {
  'project-root': { type: 'string' },
  'files-from': { type: 'string' },
  null: { type: 'boolean', short: '0' },
  json: { type: 'boolean' },
} as const;

export type DelegatedCommand = 'load' | 'remove-file';

/** What the lean path understands of an argv, or null for yargs. */
export function delegatedArgs(args: string[]) {
  const parsed = parseLeanArgs(args, options);
  if (parsed === null) return null;
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (command !== 'load' && command !== 'remove-file') return null;
  if (values.json !== true) return null;
  return {
    command: command satisfies DelegatedCommand,
    projectRoot: values['project-root'],
    filesFrom: values['files-from'],
    null: values.null,
    json: true,
    // After `--` too, in order: yargs gives the words before it as `paths` and those after as `--`, and
    // readPathInputs concatenates them.
    paths: positionals.slice(1),
  };
}

/** Runs the call if delegatedArgs understands it; null: not understood, nothing read or done. */
export async function delegatedMain(args: string[]): Promise<number | null> {
  const call = delegatedArgs(args);
  if (call === null) return null;
  try {
    // Imported only now: a --help that goes to yargs does not load the store first.
    const { reconcileMain } = await import('./commands/reconcile-main.js');
    return await reconcileMain(call, call.command === 'load' ? 'load' : 'remove');
  } catch (error) {
    return reportError(error);
  }
}
