import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { gitRepoInfo } from '../git/git-repo-info.js';
import { resolveCommit } from '../git/resolve-commit.js';
import type { SyncPlan } from './run-sync.js';

/** `sync --since REV`: the docs that differ between REV and the working tree, plus the untracked ones. */
export async function sincePlan(root: string, rev: string): Promise<SyncPlan> {
  if ((await gitRepoInfo(root)) === null) throw new HeimdallError('git', messages.notAGitRepo(root));
  const from = await resolveCommit(root, rev);
  if (from === null) throw new HeimdallError('git', messages.unknownRevision(rev));
  return { kind: 'diff', range: { from, to: null, untracked: true } };
}
