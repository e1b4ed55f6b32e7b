import { readFileSync, realpathSync } from 'node:fs';
import type { HeimdallConfig } from '../config/config-types.js';
import { loadConfig } from '../config/load-config.js';
import { findProjectRoot, locateProject } from '../config/project-root.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { nonEmpty } from './option-values.js';

export interface GlobalArgs {
  projectRoot?: string | undefined;
  /** What followed `--` (main.ts: only the commands that take words accept any). */
  '--'?: string[] | undefined;
}

export interface CommandContext {
  root: string;
  config: HeimdallConfig;
  cwd: string;
}

export function commandContext(args: GlobalArgs): CommandContext {
  const cwd = process.cwd();
  const root = findProjectRoot(cwd, args.projectRoot);
  return { root, cwd, config: loadConfig(root) };
}

/**
 * `heimdall config` also answers outside a project, with the defaults (and the environment)
 * for the current folder: what `init` would start from. A `--project-root` that names no
 * project is still an error.
 */
export function configContext(args: GlobalArgs): CommandContext & { inProject: boolean } {
  const cwd = process.cwd();
  const root = args.projectRoot !== undefined ? findProjectRoot(cwd, args.projectRoot) : locateProject(cwd);
  if (root !== null) return { root, cwd, config: loadConfig(root), inProject: true };
  const here = realpathSync(cwd);
  return { root: here, cwd, config: loadConfig(here), inProject: false };
}

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

export const pathInputOptions = {
  'files-from': { type: 'string', describe: 'Read paths from FILE, or from stdin with "-" (one per line)', requiresArg: true, coerce: nonEmpty('--files-from') },
  null: { alias: '0', type: 'boolean', describe: 'With --files-from: paths are NUL-separated' },
  json: { type: 'boolean', describe: 'Print one JSON object (the contract in the README)' },
} as const;
