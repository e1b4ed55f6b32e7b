// The hooks' default mode: git returns at once, the sync runs detached and logs to .heimdall/logs/sync.log.
import test, { type ExecutionContext } from 'ava';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import path from 'node:path';
import { acquireLock, type AcquireResult } from '../dist/lock/process-lock.js';
import { installHooks as installHooksApi } from '../dist/git/install-hooks.js';
import { heimdall, heimdallBin, waitFor } from './helpers/project.js';
import { makeGitRepo, commitDocs, docsOnDisk, storedSources, installHooks, syncLog, huskyBin } from './helpers/git-repo.js';

const background = { HEIMDALL_HOOKS_SYNC: undefined };
const doc = (title: string) => `# ${title}\n\n${title} body text\n`;
const finishedSyncs = (root: string) => (syncLog(root).match(/\] sync: \d+ checked/g) ?? []).length;

async function setup(t: ExecutionContext) {
  const repo = await makeGitRepo(t, { docs: { 'a.md': doc('A'), 'b.md': doc('B') } });
  await repo.git(['checkout', '-q', '-b', 'feature']);
  await commitDocs(repo, { 'c.md': doc('C'), 'a.md': null });
  await repo.git(['checkout', '-q', '-b', 'feature-2']);
  await commitDocs(repo, { 'd.md': doc('D'), 'b.md': doc('B2') });
  await repo.git(['checkout', '-q', 'main']);
  t.is((await heimdall(['sync'], { cwd: repo.root })).exitCode, 0);
  await installHooks(t, repo.root);
  return repo;
}

test('git returns before the sync is done (the sync is not even allowed to start here); the store catches up', async (t) => {
  const repo = await setup(t);
  // Holding the project's sync lock keeps the background sync waiting: if the hook waited for it
  // (or held git's stdout/stderr open), git could not return.
  const held = await acquireLock(repo.root, 'sync', path.join(repo.root, '.heimdall', 'run'));
  t.true(held.acquired);
  const started = Date.now();
  const checkout = await repo.git(['checkout', '-q', 'feature'], { env: background, timeout: 20_000 });
  const elapsed = Date.now() - started;
  t.is(checkout.exitCode, 0);
  t.is(checkout.stderr, '', 'a background hook prints nothing');
  t.true(elapsed < 2000, `git checkout took ${elapsed} ms with the hooks installed`);
  await waitFor(() => /another heimdall sync \(pid \d+\) is running/.test(syncLog(repo.root)), { timeout: 20_000, what: 'the background sync to wait for the lock' });
  t.notDeepEqual(await storedSources(repo.root), docsOnDisk(repo.root), 'nothing applied while the lock is held');
  await (held as Extract<AcquireResult, { acquired: true }>).lock.release();
  await waitFor(async () => JSON.stringify(await storedSources(repo.root)) === JSON.stringify(docsOnDisk(repo.root)), { timeout: 30_000, interval: 250, what: 'the store to equal the disk' });
  await waitFor(() => finishedSyncs(repo.root) === 1, { timeout: 20_000, what: 'the sync to log its summary' });
  t.regex(syncLog(repo.root), /\[post-checkout \d+\] sync \([0-9a-f]{10}\.\.[0-9a-f]{10}\): 2 candidate\(s\)/);
});

test('back-to-back switches: their syncs never overlap, and no change is lost', async (t) => {
  const repo = await setup(t);
  const held = await acquireLock(repo.root, 'sync', path.join(repo.root, '.heimdall', 'run'));
  await repo.git(['checkout', '-q', 'feature'], { env: background });
  await repo.git(['checkout', '-q', 'feature-2'], { env: background });
  await repo.git(['checkout', '-q', 'main'], { env: background });
  await repo.git(['checkout', '-q', 'feature-2'], { env: background });
  await (held as Extract<AcquireResult, { acquired: true }>).lock.release();
  await waitFor(() => finishedSyncs(repo.root) === 4, { timeout: 60_000, interval: 250, what: 'four syncs to finish' });
  t.deepEqual(await storedSources(repo.root), docsOnDisk(repo.root));
  // One at a time: each sync starts (holds the project, computes its candidates) after the previous one's summary.
  const lines = syncLog(repo.root).split('\n').filter((line) => / sync \(.*\): \d+ candidate| sync: \d+ checked/.test(line));
  t.deepEqual(lines.map((line) => (line.includes('candidate') ? 'start' : 'end')), ['start', 'end', 'start', 'end', 'start', 'end', 'start', 'end'], lines.join('\n'));
});

test('HEIMDALL=0 skips the hooks entirely', async (t) => {
  const repo = await setup(t);
  const before = await storedSources(repo.root);
  const checkout = await repo.git(['checkout', '-q', 'feature'], { env: { HEIMDALL: '0' } });
  t.is(checkout.stderr, '');
  t.deepEqual(await storedSources(repo.root), before);
  t.notDeepEqual(before, docsOnDisk(repo.root));
  t.is(syncLog(repo.root), '');
});

test('when heimdall cannot be found, the hook says so once on stderr and git succeeds', async (t) => {
  const repo = await setup(t);
  await installHooksApi(repo.root, { node: '/nonexistent/node', cli: '/nonexistent/bin/heimdall.js' });
  const checkout = await repo.git(['checkout', '-q', 'feature'], { env: { PATH: '/usr/bin:/bin' } });
  t.is(checkout.exitCode, 0);
  const said = checkout.stderr.match(/heimdall was not found/g) ?? [];
  t.is(said.length, 1, checkout.stderr);
  t.regex(checkout.stderr, /heimdall: post-checkout hook: heimdall was not found \(not at \/nonexistent\/bin\/heimdall\.js, nor on PATH\)/);
});

test('the recorded heimdall is preferred to another `heimdall` on PATH', async (t) => {
  const repo = await setup(t);
  const bin = path.join(repo.root, '.git', 'impostor-bin');
  const marker = path.join(repo.root, '.git', 'impostor-ran');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'heimdall'), `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
  const checkout = await repo.git(['checkout', '-q', 'feature'], { env: { PATH: `${bin}:${process.env.PATH}` } });
  t.is(checkout.exitCode, 0);
  t.false(existsSync(marker), 'the program on PATH was not run');
  t.deepEqual(await storedSources(repo.root), docsOnDisk(repo.root));

  // Without the recorded heimdall, the impostor (on PATH, or as node_modules/.bin/heimdall) is still not run.
  await installHooksApi(repo.root, { node: '/nonexistent/node', cli: '/nonexistent/bin/heimdall.js' });
  mkdirSync(path.join(repo.root, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(path.join(bin, 'heimdall'), path.join(repo.root, 'node_modules', '.bin', 'heimdall'));
  const without = await repo.git(['checkout', '-q', 'feature-2'], { env: { PATH: `${bin}:/usr/bin:/bin` } });
  t.is(without.exitCode, 0);
  t.false(existsSync(marker), 'neither copy of the impostor was run');
  t.is((without.stderr.match(/heimdall was not found/g) ?? []).length, 1, without.stderr);
  t.true(without.stderr.includes(`${path.join(repo.root, 'node_modules', '.bin', 'heimdall')} is not heimdall's`), without.stderr);
});

test('a shared stub (husky) with no heimdall to find: one stderr line, and git succeeds', async (t) => {
  const repo = await setup(t);
  t.is((await execa(process.execPath, [huskyBin], { cwd: repo.root, reject: false })).exitCode, 0);
  await installHooks(t, repo.root);
  // A clone where nobody ran `heimdall hooks install` and heimdall is not installed.
  await repo.git(['config', '--remove-section', 'heimdall'], { reject: false });
  const checkout = await repo.git(['checkout', '-q', 'feature'], { env: { PATH: '/usr/bin:/bin' } });
  t.is(checkout.exitCode, 0);
  t.is(checkout.stderr.trim().split('\n').length, 1, checkout.stderr);
  t.regex(checkout.stderr, /^heimdall: post-checkout hook: heimdall was not found \(not in node_modules\/\.bin from .* up, nor on PATH\)/);
});

test('when the recorded heimdall is gone, a `heimdall` on PATH is used', async (t) => {
  const repo = await setup(t);
  await installHooksApi(repo.root, { node: '/nonexistent/node', cli: '/nonexistent/bin/heimdall.js' });
  const bin = path.join(repo.root, '.git', 'shim-bin');
  mkdirSync(bin);
  // A global install's symlink (npm -g): a wrapper script could not prove it runs heimdall.
  symlinkSync(heimdallBin, path.join(bin, 'heimdall'));
  const checkout = await repo.git(['checkout', '-q', 'feature'], { env: { PATH: `${bin}:${process.env.PATH}` } });
  t.regex(checkout.stderr, /heimdall post-checkout: sync/);
  t.deepEqual(await storedSources(repo.root), docsOnDisk(repo.root));
});

test('sync.log is rotated past logging.max_bytes', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': doc('A') }, config: 'logging:\n  max_bytes: 1024\n  keep: 2\n' });
  await repo.git(['checkout', '-q', '-b', 'feature']);
  await commitDocs(repo, { 'b.md': doc('B') });
  await repo.git(['checkout', '-q', 'main']);
  t.is((await heimdall(['sync'], { cwd: repo.root })).exitCode, 0);
  await installHooks(t, repo.root);
  const logs = path.join(repo.root, '.heimdall', 'logs');
  mkdirSync(logs, { recursive: true });
  writeFileSync(path.join(logs, 'sync.log'), `${'old line\n'.repeat(200)}`);
  await repo.git(['checkout', '-q', 'feature'], { env: background });
  await waitFor(() => finishedSyncs(repo.root) === 1, { timeout: 30_000, what: 'the background sync' });
  t.regex(readFileSync(path.join(logs, 'sync.log.1'), 'utf8'), /^old line\n/);
  t.notRegex(syncLog(repo.root), /old line/);
  t.deepEqual(await storedSources(repo.root), docsOnDisk(repo.root));
});
