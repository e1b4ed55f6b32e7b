// The git wrapper and the `--since` candidates, against real repositories.
import test from 'ava';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execGit } from '../dist/git/exec-git.js';
import { diffNameStatus } from '../dist/git/diff-name-status.js';
import { gitRepoInfo } from '../dist/git/git-repo-info.js';
import { resolveCommit, isNullObjectId } from '../dist/git/resolve-commit.js';
import { sinceCandidates } from '../dist/sync/since-candidates.js';
import type { Candidate } from '../dist/executor/executor-types.js';
import { parseConfig } from '../dist/config/parse-config.js';
import { HeimdallError } from '../dist/errors/heimdall-error.js';
import { tempDir } from './helpers/project.js';
import { makeGitRepo, commitDocs, renameDoc, git } from './helpers/git-repo.js';

const configOf = (root: string, raw = {}) => parseConfig(raw, root, null, {});
const byPath = <T extends { path: string }>(list: Iterable<T>) => [...list].sort((a, b) => (a.path < b.path ? -1 : 1));
const strip = (candidates: Candidate[]) => byPath(candidates.map(({ path: p, deleted }) => ({ path: p, deleted })));

test('names with newlines, quotes and non-ASCII survive (-z), whatever core.quotePath says', async (t) => {
  const odd = ['new\nline.md', 'quo"te.md', 'ünïcødé ✓.md', 'tab\there.md', 'back\\slash.md'];
  const repo = await makeGitRepo(t, { docs: { 'plain.md': '# plain\n' } });
  await repo.git(['config', 'core.quotePath', 'true']);
  const base = (await repo.git(['rev-parse', 'HEAD'])).stdout;
  await commitDocs(repo, Object.fromEntries(odd.map((name) => [name, `# ${name}\n`])));
  const candidates = await sinceCandidates(configOf(repo.root), { from: base, to: null, untracked: true });
  t.deepEqual(strip(candidates), byPath(odd.map((name) => ({ path: `.heimdall/docs/${name}`, deleted: false }))));
});

test('a rename is a removal plus an addition; deletions, modifications, untracked files; ignored and non-docs files are left out', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n\nalpha alpha alpha\n', 'b.md': '# B\n', 'gone.md': '# gone\n', 'notes.txt': 'not docs' } });
  const base = (await repo.git(['rev-parse', 'HEAD'])).stdout;
  renameDoc(repo, 'a.md', 'moved/a.md');
  repo.write('.heimdall/docs/b.md', '# B changed\n');
  repo.remove('.heimdall/docs/gone.md');
  repo.write('.heimdall/docs/notes.txt', 'changed, still not docs');
  await repo.git(['add', '-A']);
  await repo.git(['commit', '-q', '-m', 'change']);
  // Uncommitted and untracked changes count too ("committed or not").
  repo.write('.heimdall/docs/wip.md', '# wip\n');
  repo.write('.heimdall/docs/ignored.md', '# ignored\n');
  repo.write('.gitignore', '.heimdall/docs/ignored.md\n');
  repo.write('outside.md', '# not under the target path\n');
  const candidates = await sinceCandidates(configOf(repo.root), { from: base, to: null, untracked: true });
  t.deepEqual(strip(candidates), [
    { path: '.heimdall/docs/a.md', deleted: true },
    { path: '.heimdall/docs/b.md', deleted: false },
    { path: '.heimdall/docs/gone.md', deleted: true },
    { path: '.heimdall/docs/moved/a.md', deleted: false },
    { path: '.heimdall/docs/wip.md', deleted: false },
  ]);
  const reasons = Object.fromEntries(candidates.map((c) => [c.path, c.reason]));
  t.is(reasons['.heimdall/docs/a.md'], 'renamed-from');
  t.is(reasons['.heimdall/docs/moved/a.md'], 'renamed-to');
  t.is(reasons['.heimdall/docs/wip.md'], 'untracked');
});

test('a path git calls deleted but that exists on disk again goes to load', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n' } });
  const base = (await repo.git(['rev-parse', 'HEAD'])).stdout;
  await repo.git(['rm', '-q', '.heimdall/docs/a.md']);
  await repo.git(['commit', '-q', '-m', 'rm']);
  const head = (await repo.git(['rev-parse', 'HEAD'])).stdout;
  repo.write('.heimdall/docs/a.md', '# A again, untracked\n');
  const candidates = await sinceCandidates(configOf(repo.root), { from: base, to: head, untracked: false });
  t.deepEqual(strip(candidates), [{ path: '.heimdall/docs/a.md', deleted: false }]);
});

test('a project in a sub-folder of the repository sees its own paths; target paths are literal, not globs', async (t) => {
  const top = tempDir(t);
  await git(top, ['-c', 'init.defaultBranch=main', 'init', '-q']);
  const root = path.join(top, 'sub', 'project');
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write('docs[1]/a.md', '# a\n');
  write('docs1/b.md', '# b: would match the glob docs[1]\n');
  await git(top, ['add', '-A']);
  await git(top, ['commit', '-q', '-m', 'one']);
  const base = (await git(top, ['rev-parse', 'HEAD'])).stdout;
  write('docs[1]/a.md', '# a changed\n');
  write('docs1/b.md', '# b changed\n');
  const info = await gitRepoInfo(root);
  t.is(info!.topLevel, top);
  t.is(info!.prefix, 'sub/project');
  const candidates = await sinceCandidates(configOf(root, { monitoring: { target_path: 'docs[1]' } }), { from: base, to: null, untracked: true });
  t.deepEqual(strip(candidates), [{ path: 'docs[1]/a.md', deleted: false }]);
});

test('revisions: resolved to commits; unknown ones, option-like ones and non-commits are null', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n' } });
  const head = (await repo.git(['rev-parse', 'HEAD'])).stdout;
  t.is(await resolveCommit(repo.root, 'HEAD'), head);
  t.is(await resolveCommit(repo.root, 'main'), head);
  t.is(await resolveCommit(repo.root, 'no-such-branch'), null);
  t.is(await resolveCommit(repo.root, 'HEAD~5'), null);
  t.is(await resolveCommit(repo.root, '--all'), null);
  const blob = (await repo.git(['rev-parse', 'HEAD:.heimdall/docs/a.md'])).stdout;
  t.is(await resolveCommit(repo.root, blob), null);
  t.true(isNullObjectId('0'.repeat(40)));
  t.false(isNullObjectId(head));
});

test('outside a repository: gitRepoInfo is null; a failing git command is a HeimdallError("git")', async (t) => {
  const dir = tempDir(t);
  t.is(await gitRepoInfo(dir), null);
  const error = await t.throwsAsync<HeimdallError>(execGit(dir, ['log']));
  t.true(error instanceof HeimdallError);
  t.is(error.code, 'git');
  t.regex(error.message, /not a git repository/);
});

test('commit-to-commit diffs ignore the working tree', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n' } });
  const one = (await repo.git(['rev-parse', 'HEAD'])).stdout;
  await commitDocs(repo, { 'b.md': '# B\n' });
  const two = (await repo.git(['rev-parse', 'HEAD'])).stdout;
  repo.write('.heimdall/docs/a.md', '# A edited, not committed\n');
  const entries = await diffNameStatus(repo.root, one, two, [':(literal).heimdall/docs']);
  t.deepEqual(entries, [{ status: 'added', path: '.heimdall/docs/b.md' }]);
});

// Serial: it changes PATH for this process (ava runs serial tests before the concurrent ones).
test.serial('git missing from PATH: a clear error, not a stack trace', async (t) => {
  const dir = tempDir(t);
  const saved = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const error = await t.throwsAsync<HeimdallError>(execGit(dir, ['status']));
    t.is(error.code, 'git');
    t.is(error.message, 'git was not found on PATH');
  } finally {
    process.env.PATH = saved;
  }
});
