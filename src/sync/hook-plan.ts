import type { HookName } from '../git/hook-names.js';
import { isNullObjectId, resolveCommit } from '../git/resolve-commit.js';
import type { SyncPlan } from './run-sync.js';

export type HookPlan =
  | { kind: 'sync'; plan: SyncPlan; why: string; afterRebase: boolean }
  | { kind: 'skip'; reason: string };

const full = (why: string, afterRebase = false): HookPlan => ({ kind: 'sync', plan: { kind: 'full', fastPath: true }, why, afterRebase });

/**
 * What a hook invocation should reconcile. Disk is the truth, so a range that is a little
 * too wide only costs `unchanged` no-ops; where git gives no usable range, a full sync
 * (cheap thanks to the size/mtime fast path) is always right.
 */
export async function hookPlan(root: string, hook: HookName, args: string[], stdin: string): Promise<HookPlan> {
  switch (hook) {
    case 'post-checkout': {
      const [prev = '', next = '', flag = ''] = args;
      // A file checkout (`git checkout -- file`, `git restore`): git does not say which files.
      if (flag === '0') return full('file checkout');
      // Clone, `worktree add`: nothing was there before.
      if (isNullObjectId(prev)) return full('new working tree');
      if (prev === next) return { kind: 'skip', reason: 'the same commit is checked out' };
      return diff(root, prev, next, `${short(prev)}..${short(next)}`);
    }
    case 'post-merge': {
      // Against the working tree, not HEAD: a squash merge leaves HEAD where it was.
      const orig = await resolveCommit(root, 'ORIG_HEAD');
      if (orig === null) return full('merge without ORIG_HEAD');
      return { kind: 'sync', plan: { kind: 'diff', range: { from: orig, to: null, untracked: false } }, why: `merge from ${short(orig)}`, afterRebase: false };
    }
    case 'post-rewrite': {
      const pairs = stdin
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter((fields) => fields.length >= 2 && /^[0-9a-f]{40,64}$/.test(fields[0]!));
      if (args[0] === 'amend') {
        const [old, rewritten] = pairs[0] ?? [];
        if (old === undefined || rewritten === undefined) return full('amend without its commit pair');
        return diff(root, old, rewritten, `amend ${short(old)}..${short(rewritten)}`);
      }
      // A rebase: from the branch tip before it (ORIG_HEAD) to the working tree, which also catches an autostash.
      const orig = await resolveCommit(root, 'ORIG_HEAD');
      if (orig === null) return full('rebase without ORIG_HEAD', true);
      return { kind: 'sync', plan: { kind: 'diff', range: { from: orig, to: null, untracked: false } }, why: `rebase from ${short(orig)}`, afterRebase: true };
    }
  }
}

async function diff(root: string, from: string, to: string, why: string): Promise<HookPlan> {
  // Commits that are gone or unreadable (a shallow clone, a pruned object): fall back to the full scan.
  const [a, b] = await Promise.all([resolveCommit(root, from), resolveCommit(root, to)]);
  if (a === null || b === null) return full(`${why}: a commit is missing`);
  return { kind: 'sync', plan: { kind: 'diff', range: { from: a, to: b, untracked: false } }, why, afterRebase: false };
}

const short = (id: string) => id.slice(0, 10);
