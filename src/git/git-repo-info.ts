import path from 'node:path';
import { execGit } from './exec-git.js';

export interface GitRepoInfo {
  /** The working tree's top level (absolute). */
  topLevel: string;
  /** This worktree's git directory (absolute; a linked worktree has its own). */
  gitDir: string;
  /** The directory shared by all worktrees (absolute): hooks and config live there. */
  commonDir: string;
  /** `cwd` relative to the top level, POSIX, no trailing slash ('' at the top). */
  prefix: string;
}

/** What git says about the repository around `cwd`, or null when `cwd` is not in a working tree. */
export async function gitRepoInfo(cwd: string): Promise<GitRepoInfo | null> {
  const run = await execGit(cwd, ['rev-parse', '--is-inside-work-tree'], { allowExitCodes: [128] });
  if (run.exitCode !== 0 || run.stdout.trim() !== 'true') return null;
  const { stdout } = await execGit(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir', '--show-prefix']);
  // Line-based output: a path with a newline in it would break this, and git itself copes badly with those.
  const [topLevel = '', gitDir = '', commonDir = '', prefix = ''] = stdout.replace(/\n$/, '').split('\n');
  return {
    topLevel,
    gitDir,
    commonDir: path.resolve(cwd, commonDir),
    prefix: prefix.replace(/\/$/, ''),
  };
}
