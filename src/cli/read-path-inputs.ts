import { readFileSync } from 'node:fs';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import type { GlobalArgs } from './global-args.js';

// Apart from context.ts, which loads the config parser: `load` as the executor calls it reads its config from the
// monitor's snapshot and should not load that parser only to read its paths (delegated-main.ts).

export interface PathInputArgs extends GlobalArgs {
  paths?: string[] | undefined;
  filesFrom?: string | undefined;
  null?: boolean | undefined;
}

/** The positional words, then those after `--`. */
export function wordsOf(words: unknown[] | undefined, args: GlobalArgs): string[] {
  return [...(words ?? []), ...(args['--'] ?? [])].map(String);
}

/** Paths from argv and/or `--files-from FILE|-` (one per line, or NUL-separated with -0). */
export function readPathInputs(args: PathInputArgs): string[] {
  const paths = wordsOf(args.paths, args);
  if (args.filesFrom !== undefined) {
    let text: string;
    try {
      text = readFileSync(args.filesFrom === '-' ? 0 : args.filesFrom, 'utf8');
    } catch (error) {
      throw new HeimdallError('usage', messages.usage.filesFromUnreadable(args.filesFrom), { cause: error });
    }
    paths.push(...text.split(args.null ? '\0' : '\n').filter((line) => line !== ''));
  }
  return paths;
}

