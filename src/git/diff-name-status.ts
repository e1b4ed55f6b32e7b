import { execGit, splitNul } from './exec-git.js';

/** One line of `git diff --name-status`: what happened to a path (or a pair, for renames and copies). */
export type NameStatus =
  | { status: 'added' | 'modified' | 'deleted' | 'type-changed' | 'unmerged' | 'unknown'; path: string }
  | { status: 'renamed' | 'copied'; from: string; path: string };

/**
 * `git diff --name-status -z -M` from `from` to `to`, or to the working tree when `to`
 * is null (committed and uncommitted changes alike). Paths are relative to `cwd`
 * (--relative: a project in a sub-folder of the repository sees its own paths) and
 * restricted to `pathspecs`. -z keeps names with newlines, quotes or non-ASCII intact
 * whatever core.quotePath says.
 */
export async function diffNameStatus(cwd: string, from: string, to: string | null, pathspecs: string[]): Promise<NameStatus[]> {
  const revs = to === null ? [from] : [from, to];
  const { stdout } = await execGit(cwd, ['diff', '--name-status', '-z', '-M', '--relative', '--no-ext-diff', ...revs, '--', ...pathspecs]);
  return parseNameStatus(splitNul(stdout));
}

export function parseNameStatus(fields: string[]): NameStatus[] {
  const entries: NameStatus[] = [];
  for (let i = 0; i < fields.length; ) {
    const code = fields[i++] ?? '';
    const letter = code[0];
    if (letter === 'R' || letter === 'C') {
      const from = fields[i++] ?? '';
      const path = fields[i++] ?? '';
      entries.push({ status: letter === 'R' ? 'renamed' : 'copied', from, path });
      continue;
    }
    const path = fields[i++] ?? '';
    const status =
      letter === 'A' ? 'added'
      : letter === 'M' ? 'modified'
      : letter === 'D' ? 'deleted'
      : letter === 'T' ? 'type-changed'
      : letter === 'U' ? 'unmerged'
      : 'unknown';
    entries.push({ status, path });
  }
  return entries;
}
