import { existsSync } from 'node:fs';
import path from 'node:path';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { gitConfigValue, gitPath } from './git-config-value.js';
import { gitRepoInfo } from './git-repo-info.js';

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
    return { ...base, kind: 'husky', scriptDir, chainWith: 'sh', otherDirs: [defaultDir] };
  }
  if (configured && path.resolve(hooksDir) !== path.resolve(defaultDir)) {
    return { ...base, kind: 'hooks-path', scriptDir: hooksDir, chainWith: 'exec', otherDirs: [defaultDir, path.join(info.topLevel, '.husky')] };
  }
  return { ...base, kind: 'git', scriptDir: defaultDir, chainWith: 'exec', otherDirs: [path.join(info.topLevel, '.husky')] };
}
