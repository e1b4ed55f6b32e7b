import { readFileSync } from 'node:fs';
import type { HeimdallConfig } from '../config/config-types.js';
import { loadConfig } from '../config/load-config.js';
import { findProjectRoot } from '../config/project-root.js';
import { HeimdallError } from '../errors/heimdall-error.js';

export interface GlobalArgs {
  projectRoot?: string | undefined;
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

export interface PathInputArgs {
  paths?: string[] | undefined;
  filesFrom?: string | undefined;
  null?: boolean | undefined;
}

/** Paths from argv and/or `--files-from FILE|-` (one per line, or NUL-separated with -0). */
export function readPathInputs(args: PathInputArgs): string[] {
  const paths = (args.paths ?? []).map(String);
  if (args.filesFrom !== undefined) {
    let text: string;
    try {
      text = readFileSync(args.filesFrom === '-' ? 0 : args.filesFrom, 'utf8');
    } catch (error) {
      throw new HeimdallError('usage', `--files-from ${args.filesFrom}: cannot be read`, { cause: error });
    }
    paths.push(...text.split(args.null ? '\0' : '\n').filter((line) => line !== ''));
  }
  return paths;
}

export const pathInputOptions = {
  'files-from': { type: 'string', describe: 'Read paths from FILE, or from stdin with "-" (one per line)', requiresArg: true },
  null: { alias: '0', type: 'boolean', describe: 'With --files-from: paths are NUL-separated' },
  json: { type: 'boolean', describe: 'Print one JSON object (the contract in the README)' },
} as const;
