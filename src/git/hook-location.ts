import { existsSync } from 'node:fs';
import path from 'node:path';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { gitConfigValue } from './git-config-value.js';
import { gitPath } from './git-path.js';
import { gitRepoInfo } from './git-repo-info.js';
import { relativeInside } from '../paths/project-path.js';

/**
 * Where git really runs hooks from, and where heimdall's scripts therefore go.
 * - `git`: $GIT_COMMON_DIR/hooks (via `rev-parse --git-path hooks`: right for linked worktrees too).
 * - `hooks-path`: core.hooksPath, used as is.
 * - `husky`: core.hooksPath is husky 9's `.husky/_`, whose generated wrappers run `.husky/<hook>`
 *   with `sh -e`; the user's scripts (and heimdall's) belong in `.husky/`, not in `_/`, which husky rewrites.
 */
export interface HookLocation {
  kind: 'git' | 'hooks-path' | 'husky';
  /** The directory git runs hooks from. */
  hooksDir: string;
  /** Where heimdall's scripts go (hooksDir, or husky's `.husky/`). */
  scriptDir: string;
  /** Other places a heimdall script may have been written where git does not run it (for `status`). */
  otherDirs: string[];
  /** How a chained original is run: directly (git's rule: only if executable), or with `sh -e` (husky's rule). */
  chainWith: 'exec' | 'sh';
  /**
   * The scripts are in the working tree, where git may track them and every clone shares them
   * (husky's `.husky/`, a core.hooksPath folder inside the working tree): they must hold no path
   * of this machine. `.git/hooks`, or a hooks folder outside the working tree, is this clone's own.
   */
  shared: boolean;
  /** The project root relative to the working tree's top level ('' when they are the same). */
  prefix: string;
  topLevel: string;
}

export async function hookLocation(root: string): Promise<HookLocation> {
  const info = await gitRepoInfo(root);
  if (info === null) throw new HeimdallError('git', messages.hooks.notARepo(root));
  const hooksDir = await gitPath(root, 'hooks');
  const defaultDir = path.join(info.commonDir, 'hooks');
  const configured = (await gitConfigValue(root, 'core.hooksPath')) !== null;
  const base = { hooksDir, prefix: info.prefix, topLevel: info.topLevel };
  if (configured && path.basename(hooksDir) === '_' && existsSync(path.join(hooksDir, 'h'))) {
    const scriptDir = path.dirname(hooksDir);
    return { ...base, kind: 'husky', scriptDir, chainWith: 'sh', otherDirs: [defaultDir], shared: true };
  }
  if (configured && path.resolve(hooksDir) !== path.resolve(defaultDir)) {
    // Decided by place, not by `git ls-files`: a folder not committed yet will be, and its first
    // install must already be what a clone's install finds `unchanged`.
    const inside = (dir: string) => relativeInside(dir, hooksDir) !== null;
    const shared = inside(info.topLevel) && !inside(info.gitDir) && !inside(info.commonDir);
    return { ...base, kind: 'hooks-path', scriptDir: hooksDir, chainWith: 'exec', otherDirs: [defaultDir, path.join(info.topLevel, '.husky')], shared };
  }
  return { ...base, kind: 'git', scriptDir: defaultDir, chainWith: 'exec', otherDirs: [path.join(info.topLevel, '.husky')], shared: false };
}
