import { hookNames, type HookName } from '../git/hook-names.js';
import { parseLeanArgs } from './lean-args.js';

// The lean entry point of `heimdall hooks run`, as the installed stubs call it after every checkout, merge and
// rebase (`hooks run --background|--foreground HOOK ARGS...`): yargs and its string-width (~100-150 ms of a
// branch switch's wait for the store, bench/git-bench.js) are skipped, as delegated-main.ts skips them for `load`.
// Anything else (--help, an unknown hook or flag, a repeated flag, `--`) returns null, and route.ts hands the argv
// to yargs, which keeps every word of the behaviour for people.
const options = {
  background: { type: 'boolean' },
  foreground: { type: 'boolean' },
  'project-root': { type: 'string' },
} as const;

/** What the lean path understands of an argv, or null for yargs. */
export function hookRunArgs(args: string[]) {
  const parsed = parseLeanArgs(args, options);
  if (parsed === null) return null;
  const { values, positionals, tokens } = parsed;
  const [first, second, hook, ...rest] = positionals;
  if (first !== 'hooks' || second !== 'run' || !hookNames.includes(hook as HookName)) return null;
  if (tokens.some((token) => token.kind === 'option-terminator')) return null;
  return { hook: hook as HookName, args: rest, background: values.background === true, projectRoot: values['project-root'] };
}

/** Runs the hook's sync if hookRunArgs understands the argv; null: not understood, nothing read or done. */
export async function hookRunMain(args: string[]): Promise<number | null> {
  const call = hookRunArgs(args);
  if (call === null) return null;
  const { hookRun } = await import('./commands/hook-run.js');
  return await hookRun(call);
}
