import path from 'node:path';
import { execGit } from './exec-git.js';

/** `git rev-parse --git-path NAME`, absolute: the right place in a linked worktree too. */
export async function gitPath(cwd: string, name: string): Promise<string> {
  const { stdout } = await execGit(cwd, ['rev-parse', '--git-path', name]);
  return path.resolve(cwd, stdout.replace(/\n$/, ''));
}
