import { execGit, splitNul } from './exec-git.js';

/** Untracked files under `pathspecs` that git does not ignore, relative to `cwd`. */
export async function untrackedFiles(cwd: string, pathspecs: string[]): Promise<string[]> {
  const { stdout } = await execGit(cwd, ['ls-files', '-z', '--others', '--exclude-standard', '--', ...pathspecs]);
  return splitNul(stdout);
}
