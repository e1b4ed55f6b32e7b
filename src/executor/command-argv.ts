import type { HeimdallConfig } from '../config/config-types.js';
import { ownBin } from '../paths/own-bin.js';

export type CommandKind = 'load' | 'remove';

/** What every configured command gets after its own argv: the path list comes NUL-separated on stdin. */
export const commandSuffix = ['--files-from', '-', '-0', '--json'] as const;


/**
 * True when one call applies a batch's removals and loads alike: heimdall's own `load` removes what is gone from
 * the disk (and loads what is back, should a deletion be stale), so with both commands heimdall's defaults a
 * batch costs one start-up, not two. A configured command keeps its own call: a `remove_command` is called for
 * the removals, and another `load_command` is not known to remove anything.
 */
export function loadRemoves(config: HeimdallConfig): boolean {
  return config.executor.loadCommand === null && config.executor.removeCommand === null;
}

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
