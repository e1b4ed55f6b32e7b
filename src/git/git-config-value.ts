import { execGit } from './exec-git.js';

/** A git config value as git resolves it (all scopes), or null when unset. */
export async function gitConfigValue(cwd: string, key: string): Promise<string | null> {
  const run = await execGit(cwd, ['config', '--get', key], { allowExitCodes: [1] });
  return run.exitCode === 0 ? run.stdout.replace(/\n$/, '') : null;
}
