import { execGit } from './exec-git.js';

/** The commit `rev` names, as a full object id, or null when it names none (unknown, or not a commit). */
export async function resolveCommit(cwd: string, rev: string): Promise<string | null> {
  // A revision that looks like an option would be read as one by git.
  if (rev === '' || rev.startsWith('-')) return null;
  const run = await execGit(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { allowExitCodes: [1, 128] });
  const id = run.stdout.trim();
  return run.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(id) ? id : null;
}

/** True when `id` is git's null object id (post-checkout's PREV after a clone or `worktree add`). */
export function isNullObjectId(id: string): boolean {
  return /^0{40}$|^0{64}$/.test(id);
}
