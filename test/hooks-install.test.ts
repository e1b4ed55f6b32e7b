// `heimdall hooks install | uninstall | status`: where hooks go, chaining, husky 9, restoring byte for byte.
import test from 'ava';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { HookStatus } from '../dist/git/hooks-status.js';
import { installHooks as installHooksApi, type HooksReport } from '../dist/git/install-hooks.js';
import { heimdall, heimdallBin, heimdallJson, tempDir } from './helpers/project.js';
import { makeGitRepo, commitDocs, assertStoreMatchesDisk, huskyBin, git } from './helpers/git-repo.js';

const hooks = ['post-checkout', 'post-merge', 'post-rewrite'];
type HookResult = HooksReport['hooks'][number];
const snapshot = (file: string) => ({ bytes: readFileSync(file), mode: statSync(file).mode, mtimeMs: statSync(file).mtimeMs });

test('plain repository: install, install again (nothing changes), status, uninstall', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n' } });
  const dir = path.join(repo.root, '.git', 'hooks');
  const first = await heimdallJson(['hooks', 'install'], { cwd: repo.root });
  t.is(first.exitCode, 0, first.stderr);
  t.is(first.json.mode, 'git');
  t.deepEqual(first.json.hooks.map((h: HookResult) => [h.name, h.action, h.path]), hooks.map((name) => [name, 'installed', path.join(dir, name)]));
  const before = Object.fromEntries(hooks.map((name) => [name, snapshot(path.join(dir, name))]));
  for (const name of hooks) {
    t.is(before[name].mode & 0o777, 0o755);
    const text = before[name].bytes.toString();
    t.true(text.startsWith('#!/bin/sh\n# heimdall-hook 1 '));
    t.true(text.includes(`heimdall_node='${process.execPath}'`), 'the node binary is recorded as a fallback');
    t.regex(text, /heimdall_cli='[^']*\/bin\/heimdall\.js'/);
  }

  const again = await heimdallJson(['hooks', 'install'], { cwd: repo.root });
  t.deepEqual(again.json.hooks.map((h: HookResult) => h.action), ['unchanged', 'unchanged', 'unchanged']);
  for (const name of hooks) t.deepEqual(snapshot(path.join(dir, name)), before[name], 'installing twice changes nothing, not even the mtime');

  const status = await heimdallJson(['hooks', 'status'], { cwd: repo.root });
  t.deepEqual(status.json.hooks.map((h: HookStatus) => h.state), ['installed', 'installed', 'installed']);
  const human = await heimdall(['hooks', 'status'], { cwd: repo.root });
  t.regex(human.stdout, /post-merge +installed/);

  const removed = await heimdallJson(['hooks', 'uninstall'], { cwd: repo.root });
  t.deepEqual(removed.json.hooks.map((h: HookResult) => h.action), ['removed', 'removed', 'removed']);
  for (const name of hooks) t.false(existsSync(path.join(dir, name)));
  const after = await heimdallJson(['hooks', 'status'], { cwd: repo.root });
  t.deepEqual(after.json.hooks.map((h: HookStatus) => h.state), ['missing', 'missing', 'missing']);
});

test('an existing hook is chained: it runs first, git sees its exit status, and uninstall restores it byte for byte, mode included', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n' } });
  await repo.git(['checkout', '-q', '-b', 'feature']);
  await commitDocs(repo, { 'b.md': '# B\n' });
  const own = path.join(repo.root, '.git', 'hooks', 'post-checkout');
  writeFileSync(own, '#!/bin/sh\necho "ORIGINAL HOOK $3" >&2\nexit 3\n');
  chmodSync(own, 0o750);
  const original = snapshot(own);

  t.is((await heimdall(['sync'], { cwd: repo.root })).exitCode, 0);
  const install = await heimdallJson(['hooks', 'install'], { cwd: repo.root });
  t.is(install.exitCode, 0, install.stderr);
  t.like(install.json.hooks[0], { name: 'post-checkout', action: 'chained', chained: `${own}.pre-heimdall` });
  t.deepEqual(install.json.hooks.slice(1).map((h: HookResult) => h.action), ['installed', 'installed']);

  const checkout = await repo.git(['checkout', '-q', 'main'], { reject: false });
  // git turns a failing post-checkout into its own exit status 1; the stub itself exits with the hook's 3.
  t.is(checkout.exitCode, 1, 'the chained hook\'s failure is what git sees');
  const direct = await execa(own, ['0'.repeat(40), '0'.repeat(40), '1'], { cwd: repo.root, env: { HEIMDALL: '0' }, reject: false });
  t.is(direct.exitCode, 3);
  const first = checkout.stderr.indexOf('ORIGINAL HOOK 1');
  const sync = checkout.stderr.indexOf('heimdall post-checkout: sync');
  t.true(first >= 0 && sync > first, `the original runs first, then heimdall:\n${checkout.stderr}`);
  await assertStoreMatchesDisk(t, repo.root);

  const uninstall = await heimdallJson(['hooks', 'uninstall'], { cwd: repo.root });
  t.deepEqual(uninstall.json.hooks.map((h: HookResult) => h.action), ['restored', 'removed', 'removed']);
  const restored = snapshot(own);
  t.deepEqual(restored.bytes, original.bytes);
  t.is(restored.mode, original.mode);
  t.false(existsSync(`${own}.pre-heimdall`));
});

test('an install that would clobber stops with a clear message and changes nothing', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n' } });
  const dir = path.join(repo.root, '.git', 'hooks');
  writeFileSync(path.join(dir, 'post-merge'), '#!/bin/sh\necho mine\n', { mode: 0o755 });
  writeFileSync(path.join(dir, 'post-merge.pre-heimdall'), '#!/bin/sh\necho older\n', { mode: 0o755 });
  const run = await heimdall(['hooks', 'install'], { cwd: repo.root });
  t.is(run.exitCode, 1);
  t.regex(run.stderr, /post-merge exists and so does .*post-merge\.pre-heimdall.*Move .* back over .*then run `heimdall hooks install` again/s);
  t.false(existsSync(path.join(dir, 'post-checkout')), 'no hook was installed');
  t.is(readFileSync(path.join(dir, 'post-merge'), 'utf8'), '#!/bin/sh\necho mine\n');
});

test('husky 9: the stub goes to .husky/<hook> (husky\'s _/ wrappers call it); the user\'s husky hook keeps working; uninstall restores it', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n' } });
  const husky = await execa(process.execPath, [huskyBin], { cwd: repo.root, reject: false });
  t.is(husky.exitCode, 0, husky.stderr);
  t.is((await repo.git(['config', 'core.hooksPath'])).stdout, '.husky/_');
  // A husky user's hook: not executable, run by husky with `sh -e`.
  const userHook = path.join(repo.root, '.husky', 'post-checkout');
  writeFileSync(userHook, 'echo "husky user hook ran: $1 $2 $3" > "$(git rev-parse --git-dir)/husky-ran.txt"\n', { mode: 0o644 });
  const original = snapshot(userHook);
  await repo.git(['add', '.husky/post-checkout']);
  await repo.git(['commit', '-q', '-m', 'husky hook']);
  await repo.git(['checkout', '-q', '-b', 'feature']);
  await commitDocs(repo, { 'b.md': '# B\n', 'a.md': '# A changed\n' });
  t.is((await heimdall(['sync'], { cwd: repo.root })).exitCode, 0);

  const install = await heimdallJson(['hooks', 'install'], { cwd: repo.root });
  t.is(install.exitCode, 0, install.stderr);
  t.is(install.json.mode, 'husky');
  t.is(install.json.scriptDir, path.join(repo.root, '.husky'));
  t.deepEqual(install.json.hooks.map((h: HookResult) => h.action), ['chained', 'installed', 'installed']);
  t.false(existsSync(path.join(repo.root, '.husky', '_', 'post-checkout.pre-heimdall')), 'husky\'s own _/ is not touched');
  const status = await heimdallJson(['hooks', 'status'], { cwd: repo.root });
  t.deepEqual(status.json.hooks.map((h: HookStatus) => h.state), ['installed', 'installed', 'installed']);

  const checkout = await repo.git(['checkout', '-q', 'main']);
  t.is(checkout.exitCode, 0);
  t.regex(readFileSync(path.join(repo.root, '.git', 'husky-ran.txt'), 'utf8'), /husky user hook ran: [0-9a-f]{40} [0-9a-f]{40} 1/);
  await assertStoreMatchesDisk(t, repo.root);
  const merge = await repo.git(['merge', '-q', '--ff-only', 'feature']);
  t.is(merge.exitCode, 0);
  await assertStoreMatchesDisk(t, repo.root, 'post-merge through husky');

  const uninstall = await heimdallJson(['hooks', 'uninstall'], { cwd: repo.root });
  t.deepEqual(uninstall.json.hooks.map((h: HookResult) => h.action), ['restored', 'removed', 'removed']);
  const restored = snapshot(userHook);
  t.deepEqual(restored.bytes, original.bytes);
  t.is(restored.mode, original.mode);
  t.false(existsSync(path.join(repo.root, '.husky', 'post-merge')));
  t.is((await repo.git(['status', '--porcelain', '.husky'])).stdout, '', 'the committed husky hook is exactly as it was');
});

test('husky 9, committed: .husky/ stubs hold no machine path; a clone finds its own heimdall in node_modules/.bin, and installing there changes nothing', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n' } });
  repo.write('.gitignore', 'node_modules/\n');
  t.is((await execa(process.execPath, [huskyBin], { cwd: repo.root, reject: false })).exitCode, 0);
  // Installed on "another machine", whose node and heimdall live where this one has none.
  const install = await installHooksApi(repo.root, { node: '/other-machine/bin/node', cli: '/other-machine/heimdall/bin/heimdall.js' });
  t.is(install.mode, 'husky');
  for (const name of hooks) {
    const text = readFileSync(path.join(repo.root, '.husky', name), 'utf8');
    t.false(text.includes('/other-machine'), `${name}: no path of the installing machine`);
  }
  await repo.git(['add', '-A']);
  await repo.git(['commit', '-q', '-m', 'husky and heimdall hooks']);
  await repo.git(['checkout', '-q', '-b', 'feature'], { env: { HEIMDALL: '0' } });
  await commitDocs(repo, { 'b.md': '# B\n', 'a.md': '# A changed\n' });
  await repo.git(['checkout', '-q', 'main'], { env: { HEIMDALL: '0' } });

  // Another machine, another checkout: the clone's own node_modules holds heimdall (here: this checkout's bin).
  const clone = path.join(tempDir(t), 'clone');
  await git(repo.root, ['clone', '-q', '--no-local', repo.root, clone]);
  t.is((await execa(process.execPath, [huskyBin], { cwd: clone, reject: false })).exitCode, 0, 'npm install runs husky: core.hooksPath');
  mkdirSync(path.join(clone, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(heimdallBin, path.join(clone, 'node_modules', '.bin', 'heimdall'));
  t.is((await heimdall(['sync'], { cwd: clone })).exitCode, 0);
  // No `heimdall hooks install` in the clone yet: the committed stub finds node_modules/.bin/heimdall.
  const checkout = await git(clone, ['checkout', '-q', 'feature']);
  t.regex(checkout.stderr, /heimdall post-checkout: sync \(/, checkout.stderr);
  await assertStoreMatchesDisk(t, clone, 'the clone synced its own store');

  const again = await heimdallJson(['hooks', 'install'], { cwd: clone });
  t.is(again.exitCode, 0, again.stderr);
  t.deepEqual(again.json.hooks.map((h: HookResult) => h.action), ['unchanged', 'unchanged', 'unchanged']);
  t.is((await git(clone, ['status', '--porcelain'])).stdout, '', 'installing in a clone leaves no change to commit');
  await git(clone, ['checkout', '-q', 'main']);
  await assertStoreMatchesDisk(t, clone, 'back on main in the clone');
});

test('status: installed but bypassed when core.hooksPath points elsewhere; install then goes where git looks; uninstall cleans both', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n' } });
  await heimdallJson(['hooks', 'install'], { cwd: repo.root });
  await repo.git(['config', 'core.hooksPath', 'tools/hooks']);
  const status = await heimdallJson(['hooks', 'status'], { cwd: repo.root });
  t.is(status.json.mode, 'hooks-path');
  t.deepEqual(status.json.hooks.map((h: HookStatus) => h.state), ['bypassed', 'bypassed', 'bypassed']);
  t.is(status.json.hooks[0].path, path.join(repo.root, '.git', 'hooks', 'post-checkout'));
  t.regex(status.json.hooks[0].detail, /core\.hooksPath makes git run hooks from .*tools\/hooks/);
  const human = await heimdall(['hooks', 'status'], { cwd: repo.root });
  t.regex(human.stdout, /post-checkout +bypassed/);

  const install = await heimdallJson(['hooks', 'install'], { cwd: repo.root });
  t.deepEqual(install.json.hooks.map((h: HookResult) => h.path), hooks.map((name) => path.join(repo.root, 'tools', 'hooks', name)));
  const fixed = await heimdallJson(['hooks', 'status'], { cwd: repo.root });
  t.deepEqual(fixed.json.hooks.map((h: HookStatus) => h.state), ['installed', 'installed', 'installed']);
  await heimdall(['hooks', 'uninstall'], { cwd: repo.root });
  for (const name of hooks) {
    t.false(existsSync(path.join(repo.root, 'tools', 'hooks', name)));
    t.false(existsSync(path.join(repo.root, '.git', 'hooks', name)));
  }
});

test('a stub that lost its executable bit is bypassed (git skips it); install fixes it', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n' } });
  await heimdall(['hooks', 'install'], { cwd: repo.root });
  chmodSync(path.join(repo.root, '.git', 'hooks', 'post-merge'), 0o644);
  const status = await heimdallJson(['hooks', 'status'], { cwd: repo.root });
  t.is(status.json.hooks[1].state, 'bypassed');
  t.regex(status.json.hooks[1].detail, /not executable/);
  const install = await heimdallJson(['hooks', 'install'], { cwd: repo.root });
  t.deepEqual(install.json.hooks.map((h: HookResult) => h.action), ['unchanged', 'updated', 'unchanged']);
  t.is(statSync(path.join(repo.root, '.git', 'hooks', 'post-merge')).mode & 0o777, 0o755);
});

test('a linked worktree installs into the shared hooks directory', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n' } });
  const wt = path.join(tempDir(t), 'wt');
  await repo.git(['worktree', 'add', '-q', '-b', 'side', wt], { env: { HEIMDALL: '0' } });
  const install = await heimdallJson(['hooks', 'install'], { cwd: wt });
  t.is(install.exitCode, 0, install.stderr);
  t.deepEqual(install.json.hooks.map((h: HookResult) => h.path), hooks.map((name) => path.join(repo.root, '.git', 'hooks', name)));
  const fromMain = await heimdallJson(['hooks', 'status'], { cwd: repo.root });
  t.deepEqual(fromMain.json.hooks.map((h: HookStatus) => h.state), ['installed', 'installed', 'installed']);
});

test('outside a git repository: a clear error, exit 2', async (t) => {
  const dir = tempDir(t);
  mkdirSync(path.join(dir, '.heimdall'));
  const run = await heimdall(['hooks', 'install'], { cwd: dir });
  t.is(run.exitCode, 2);
  t.regex(run.stderr, /not inside a git repository: there are no git hooks to install/);
  await git(dir, ['-c', 'init.defaultBranch=main', 'init', '-q']);
  t.is((await heimdall(['hooks', 'status'], { cwd: dir })).exitCode, 0);
});
