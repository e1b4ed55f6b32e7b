// The installed hooks keep the store equal to the docs on disk through real git operations.
// HEIMDALL_HOOKS_SYNC=1 (set by helpers/git-repo.ts) runs each sync in the foreground, so git
// returns once the store is updated; test/hooks-background.test.ts covers the background mode.
import test, { type ExecutionContext } from 'ava';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { heimdall, tempDir } from './helpers/project.js';
import { makeGitRepo, commitDocs, renameDoc, assertStoreMatchesDisk, installHooks, git, docsOnDisk, storedSources, type GitOptions } from './helpers/git-repo.js';

const doc = (title: string, body = `${title} has a body that is long enough for git to detect renames`) => `# ${title}\n\n${body}\n`;

/** A repository with docs, a first full sync (what `heimdall init` does), and the hooks installed. */
async function setup(t: ExecutionContext, docs: Record<string, string>) {
  const repo = await makeGitRepo(t, { docs });
  const sync = await heimdall(['sync'], { cwd: repo.root });
  t.is(sync.exitCode, 0, sync.stderr);
  await installHooks(t, repo.root);
  return repo;
}

const syncLines = (stderr: string) => stderr.split('\n').filter((line) => /heimdall post-[a-z]+: sync \(/.test(line));

test('branch switches that add, modify, delete and rename docs', async (t) => {
  const repo = await setup(t, { 'keep.md': doc('Keep'), 'edit.md': doc('Edit'), 'drop.md': doc('Drop'), 'old/name.md': doc('Renamed') });
  await repo.git(['checkout', '-q', '-b', 'feature']);
  t.is((await repo.git(['checkout', '-q', '-b', 'feature-2'])).stderr.includes('sync ('), false, 'same commit: nothing to do');
  await repo.git(['checkout', '-q', 'feature']);
  renameDoc(repo, 'old/name.md', 'new/name.md');
  await commitDocs(repo, { 'edit.md': doc('Edit', 'edited on the feature branch'), 'drop.md': null, 'added.md': doc('Added'), 'deep/er/x.md': doc('X') }, 'feature work');
  // The commit itself runs no hook: bring the store up to date with the feature branch first.
  await heimdall(['sync'], { cwd: repo.root });
  await assertStoreMatchesDisk(t, repo.root, 'on feature');

  const toMain = await repo.git(['checkout', '-q', 'main']);
  t.is(syncLines(toMain.stderr).length, 1, toMain.stderr);
  t.regex(toMain.stderr, /moved +\.heimdall\/docs\/old\/name\.md \(from \.heimdall\/docs\/new\/name\.md/, 'the rename moves the memories');
  await assertStoreMatchesDisk(t, repo.root, 'back on main');

  const toFeature = await repo.git(['checkout', '-q', 'feature']);
  t.regex(toFeature.stderr, /moved +\.heimdall\/docs\/new\/name\.md/);
  await assertStoreMatchesDisk(t, repo.root, 'on feature again');
  await repo.git(['switch', '-q', 'main']);
  await assertStoreMatchesDisk(t, repo.root, 'git switch');
});

test('fast-forward and true merges (post-merge)', async (t) => {
  const repo = await setup(t, { 'a.md': doc('A'), 'b.md': doc('B') });
  await repo.git(['checkout', '-q', '-b', 'ff']);
  await commitDocs(repo, { 'ff.md': doc('FF'), 'a.md': doc('A', 'changed by ff') });
  await repo.git(['checkout', '-q', 'main']);
  const ff = await repo.git(['merge', '-q', '--ff-only', 'ff']);
  t.is(syncLines(ff.stderr).length, 1, ff.stderr);
  await assertStoreMatchesDisk(t, repo.root, 'after a fast-forward');

  await repo.git(['checkout', '-q', '-b', 'side']);
  await commitDocs(repo, { 'side.md': doc('Side'), 'b.md': null });
  await repo.git(['checkout', '-q', 'main']);
  await commitDocs(repo, { 'main-only.md': doc('Main only') });
  await heimdall(['sync'], { cwd: repo.root });
  const merge = await repo.git(['merge', '-q', '--no-edit', 'side']);
  t.is(syncLines(merge.stderr).length, 1, merge.stderr);
  t.is((await repo.git(['rev-list', '--count', '--merges', 'HEAD'])).stdout, '1', 'a true merge commit');
  await assertStoreMatchesDisk(t, repo.root, 'after a true merge');

  // A squash merge leaves HEAD where it was: post-merge still reconciles the working tree.
  await repo.git(['checkout', '-q', '-b', 'squashme']);
  await commitDocs(repo, { 'squashed.md': doc('Squashed') });
  await repo.git(['checkout', '-q', 'main']);
  await repo.git(['merge', '-q', '--squash', 'squashme']);
  await assertStoreMatchesDisk(t, repo.root, 'after a squash merge');
});

test('pull --rebase: nothing in the middle of the rebase, one sync at its end (post-rewrite)', async (t) => {
  const upstream = await makeGitRepo(t, { docs: { 'shared.md': doc('Shared'), 'gone-upstream.md': doc('Gone') } });
  const root = path.join(tempDir(t), 'clone');
  await git(upstream.root, ['clone', '-q', upstream.root, root], { env: { HEIMDALL: '0' } });
  const repo = { root, git: (args: string[], options?: GitOptions) => git(root, args, options) };
  t.is((await heimdall(['sync'], { cwd: root })).exitCode, 0);
  await installHooks(t, root);
  await commitDocs(upstream, { 'upstream.md': doc('Upstream'), 'gone-upstream.md': null, 'shared.md': doc('Shared', 'edited upstream') });
  // A local commit, so that the pull really rebases (no fast-forward).
  writeFileSync(path.join(root, '.heimdall', 'docs', 'local.md'), doc('Local'));
  await repo.git(['add', '-A']);
  await repo.git(['commit', '-q', '-m', 'local']);
  await heimdall(['sync'], { cwd: root });
  const pull = await repo.git(['pull', '-q', '--rebase']);
  t.is(syncLines(pull.stderr).length, 1, `one sync, from post-rewrite:\n${pull.stderr}`);
  t.regex(pull.stderr, /heimdall post-rewrite: sync \(rebase from/);
  t.is((await repo.git(['log', '--format=%s', '-2'])).stdout, 'local\ndocs', 'rebased onto upstream');
  await assertStoreMatchesDisk(t, root, 'after pull --rebase');
});

test('commit --amend (post-rewrite amend)', async (t) => {
  const repo = await setup(t, { 'a.md': doc('A') });
  await commitDocs(repo, { 'b.md': doc('B') });
  await heimdall(['sync'], { cwd: repo.root });
  repo.write('.heimdall/docs/amended.md', doc('Amended'));
  repo.remove('.heimdall/docs/b.md');
  await repo.git(['add', '-A']);
  const amend = await repo.git(['commit', '-q', '--amend', '-m', 'amended']);
  t.regex(amend.stderr, /heimdall post-rewrite: sync \(amend [0-9a-f]{10}\.\.[0-9a-f]{10}\)/);
  await assertStoreMatchesDisk(t, repo.root, 'after commit --amend');
});

test('clone: a null previous commit means a full sync of the new working tree', async (t) => {
  const source = await setup(t, { 'a.md': doc('A'), 'sub/b.md': doc('B') });
  const target = path.join(tempDir(t), 'cloned');
  // Hooks are not cloned: point the clone at the source's installed hooks for its first checkout.
  const clone = await git(source.root, ['-c', `core.hooksPath=${path.join(source.root, '.git', 'hooks')}`, 'clone', '-q', source.root, target]);
  t.regex(clone.stderr, /heimdall post-checkout: sync \(new working tree\)/);
  await assertStoreMatchesDisk(t, target, 'the clone has its own store, equal to its docs');
});

test('`git checkout -- file` (a file checkout) runs a full sync of the target paths', async (t) => {
  const repo = await setup(t, { 'a.md': doc('A'), 'b.md': doc('B') });
  repo.write('.heimdall/docs/a.md', doc('A', 'a local edit that is then thrown away'));
  await heimdall(['sync'], { cwd: repo.root });
  const edited = await storedSources(repo.root);
  const checkout = await repo.git(['checkout', '--', '.heimdall/docs/a.md']);
  t.regex(checkout.stderr, /sync \(file checkout\)/);
  await assertStoreMatchesDisk(t, repo.root, 'after git checkout -- file');
  t.notDeepEqual(await storedSources(repo.root), edited, 'the store followed the file back');
  repo.write('.heimdall/docs/b.md', doc('B', 'edited again'));
  await heimdall(['sync'], { cwd: repo.root });
  await repo.git(['restore', '.heimdall/docs/b.md']);
  await assertStoreMatchesDisk(t, repo.root, 'after git restore');
});

test('a linked worktree gets its own full sync, and later switches in it sync its own store', async (t) => {
  const repo = await setup(t, { 'a.md': doc('A') });
  await repo.git(['checkout', '-q', '-b', 'other']);
  await commitDocs(repo, { 'other.md': doc('Other') });
  await repo.git(['checkout', '-q', 'main']);
  const wt = path.join(tempDir(t), 'wt');
  const add = await repo.git(['worktree', 'add', '-q', wt, 'other']);
  t.regex(add.stderr, /sync \(new working tree\)/);
  await assertStoreMatchesDisk(t, wt, 'the new worktree');
  const back = await git(wt, ['checkout', '-q', '-b', 'wt-main', 'main']);
  t.is(syncLines(back.stderr).length, 1, back.stderr);
  await assertStoreMatchesDisk(t, wt, 'a switch inside the worktree');
  t.deepEqual((await storedSources(repo.root)).map((s) => s.path), docsOnDisk(repo.root).map((d) => d.path), 'the main worktree\'s store is its own');
});
