import path from 'node:path';
import { execGit } from './exec-git.js';

/** A git config value as git resolves it (all scopes), or null when unset. */
export async function gitConfigValue(cwd: string, key: string): Promise<string | null> {
  const run = await execGit(cwd, ['config', '--get', key], { allowExitCodes: [1] });
  return run.exitCode === 0 ? run.stdout.replace(/\n$/, '') : null;
}

/** `git rev-parse --git-path NAME`, absolute: the right place in a linked worktree too. */
export async function gitPath(cwd: string, name: string): Promise<string> {
  const { stdout } = await execGit(cwd, ['rev-parse', '--git-path', name]);
  return path.resolve(cwd, stdout.replace(/\n$/, ''));
}
