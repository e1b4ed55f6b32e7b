import { realpathSync } from 'node:fs';
import type { HeimdallConfig } from '../config/config-types.js';
import { loadConfig } from '../config/load-config.js';
import { findProjectRoot, locateProject } from '../config/project-root.js';
import type { GlobalArgs } from './global-args.js';
import { nonEmpty } from './option-values.js';

export type { GlobalArgs } from './global-args.js';
export { readPathInputs, wordsOf, type PathInputArgs } from './read-path-inputs.js';

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

export const pathInputOptions = {
  'files-from': { type: 'string', describe: 'Read paths from FILE, or from stdin with "-" (one per line)', requiresArg: true, coerce: nonEmpty('--files-from') },
  null: { alias: '0', type: 'boolean', describe: 'With --files-from: paths are NUL-separated' },
  json: { type: 'boolean', describe: 'Print one JSON object (the contract in the README)' },
} as const;
