import { defaultSearchLimit } from '../contract/search-defaults.js';
import { parseLeanArgs } from './lean-args.js';
import { reportError } from './output.js';

// The lean entry point of `heimdall search ... --json`, what scripts and assistants' shell tools call: yargs (~45 ms
// to load here, string-width's tables most of it) is skipped, as for the executor's calls (delegated-main.ts). The
// shapes it takes are those whose meaning is plain: words, --limit N (a whole number from 1), one --path, one --tag,
// --project-root. Anything else (--help, a repeated flag, an odd number, no word, no --json) returns null and goes to
// yargs, which keeps every word of the behaviour, its refusals included.
const options = {
  'project-root': { type: 'string' },
  limit: { type: 'string', short: 'n' },
  path: { type: 'string' },
  tag: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** What the lean path understands of an argv, or null for yargs. */
export function searchArgs(args: string[]) {
  const parsed = parseLeanArgs(args, options);
  if (parsed === null) return null;
  const { values, positionals } = parsed;
  if (positionals[0] !== 'search' || values.json !== true) return null;
  if (values.limit !== undefined && !/^[1-9][0-9]{0,5}$/.test(values.limit)) return null;
  const words = positionals.slice(1);
  if (words.length === 0) return null;
  return {
    projectRoot: values['project-root'],
    query: words.join(' '),
    limit: values.limit === undefined ? defaultSearchLimit : Number(values.limit),
    paths: values.path === undefined ? undefined : [values.path],
    tags: values.tag === undefined ? undefined : [values.tag],
  };
}

/** Runs the search if searchArgs understands the argv; null: not understood, nothing read or done. */
export async function searchMain(args: string[]): Promise<number | null> {
  const call = searchArgs(args);
  if (call === null) return null;
  try {
    // Imported only now, as in delegated-main.ts: an argv that goes to yargs does not load the config parser first.
    const { commandContext } = await import('./context.js');
    const { runSearch } = await import('./commands/run-search.js');
    const context = commandContext({ projectRoot: call.projectRoot });
    await runSearch(context.config, { ...call, json: true });
    return 0;
  } catch (error) {
    return reportError(error);
  }
}
