import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';

/**
 * The project root: `--project-root` if given; else the nearest ancestor holding a
 * `.heimdall/` directory; else the git top-level (nearest ancestor with `.git`,
 * a directory or a worktree's file); else `cwd`. Always symlink-resolved, so that
 * every path identity is computed against one spelling of the root.
 */
export function findProjectRoot(cwd: string = process.cwd(), override?: string): string {
  if (override !== undefined) {
    const abs = path.resolve(cwd, override);
    try {
      if (!statSync(abs).isDirectory()) throw new Error('not a directory');
      return realpathSync(abs);
    } catch (error) {
      throw new HeimdallError('not-a-project', messages.projectRootMissing(abs), { cause: error });
    }
  }
  const start = realpathSync(cwd);
  let gitTop: string | undefined;
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (isDirectory(path.join(dir, '.heimdall'))) return dir;
    if (gitTop === undefined && existsSync(path.join(dir, '.git'))) gitTop = dir;
    if (path.dirname(dir) === dir) break;
  }
  return gitTop ?? start;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
