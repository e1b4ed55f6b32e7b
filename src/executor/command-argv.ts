import type { HeimdallConfig } from '../config/config-types.js';
import { ownBin } from '../paths/own-bin.js';

export type CommandKind = 'load' | 'remove';

/** What every configured command gets after its own argv: the path list comes NUL-separated on stdin. */
export const commandSuffix = ['--files-from', '-', '-0', '--json'] as const;


/**
 * The argv of one call. The default runs this package's CLI through the node that runs us (no PATH lookup,
 * no shell, the same version). A configured argv is used as-is plus `commandSuffix`; it learns the project
 * root from its cwd and HEIMDALL_PROJECT_ROOT (we do not know whether it understands --project-root).
 */
export function commandArgv(config: HeimdallConfig, kind: CommandKind): string[] {
  const configured = kind === 'load' ? config.executor.loadCommand : config.executor.removeCommand;
  if (configured !== null) return [...configured, ...commandSuffix];
  return [process.execPath, ownBin, kind === 'load' ? 'load' : 'remove-file', '--project-root', config.root, ...commandSuffix];
}
