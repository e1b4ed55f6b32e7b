import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { isDirectory } from './is-directory.js';

/**
 * A heimdall project is a directory holding a `.heimdall/` directory (what `heimdall init`
 * creates; config.yaml inside it is optional). Every command but `init` (and `config`,
 * which shows the defaults anywhere) works on one and refuses to run outside one, so that
 * a command typed in the wrong folder creates nothing there.
 *
 * The project root: `--project-root` if given (it must hold `.heimdall/`), else the
 * nearest ancestor of `cwd` holding `.heimdall/`. Always symlink-resolved, so that every
 * path identity is computed against one spelling of the root.
 */
export function findProjectRoot(cwd: string = process.cwd(), override?: string): string {
  const root = locateProject(cwd, override);
  if (root !== null) return root;
  throw new HeimdallError('not-a-project', override === undefined ? messages.noProject(realpathSync(cwd)) : messages.noProjectAt(existingDir(cwd, override)));
}

/** The project root as findProjectRoot finds it, or null outside a project (`--project-root` included). */
export function locateProject(cwd: string = process.cwd(), override?: string): string | null {
  if (override !== undefined) {
    const dir = existingDir(cwd, override);
    return isDirectory(path.join(dir, '.heimdall')) ? dir : null;
  }
  for (let dir = realpathSync(cwd); ; dir = path.dirname(dir)) {
    if (isDirectory(path.join(dir, '.heimdall'))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * Where `heimdall init` works: `--project-root` if given; else the project the user is
 * already in (an ancestor holding `.heimdall/`: init then changes nothing); else the folder
 * the user stands in, even in a sub-folder of a git repository (a project may be one
 * package of a monorepo; the hooks find it from the top, see hooks/heimdall-hook.sh).
 */
export function initRoot(cwd: string = process.cwd(), override?: string): string {
  if (override !== undefined) return existingDir(cwd, override);
  return locateProject(cwd) ?? realpathSync(cwd);
}

function existingDir(cwd: string, override: string): string {
  const abs = path.resolve(cwd, override);
  try {
    if (!statSync(abs).isDirectory()) throw new Error('not a directory');
    return realpathSync(abs);
  } catch (error) {
    throw new HeimdallError('not-a-project', messages.projectRootMissing(abs), { cause: error });
  }
}
