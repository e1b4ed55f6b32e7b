// `heimdall hooks run` as the installed stubs call it takes the lean entry (src/cli/hook-run-main.ts), without yargs;
// every other argv goes to yargs, which answers as it always did.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { execa } from 'execa';
import { hookRunArgs } from '../dist/cli/hook-run-main.js';
import { makeGitRepo } from './helpers/git-repo.js';
import { heimdall, heimdallBin, repoRoot, tempDir } from './helpers/project.js';

const preload = path.join(repoRoot, 'test', 'helpers', 'loaded-scripts-at-exit.cjs');

test("the stubs' call loads no yargs, and still syncs the project (here: nothing to do)", async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n\nalpha\n' } });
  const head = (await repo.git(['rev-parse', 'HEAD'])).stdout.trim();
  const list = path.join(tempDir(t), 'scripts.json');
  const run = await execa(process.execPath, ['--require', preload, heimdallBin, 'hooks', 'run', '--foreground', 'post-checkout', head, head, '1'], {
    cwd: repo.root,
    env: { LOADED_SCRIPTS_FILE: list },
    reject: false,
  });
  t.is(run.exitCode, 0, run.stderr);
  t.regex(run.stderr, /post-checkout: nothing to do \(the same commit is checked out\)/);
  const { scripts, builtins }: { scripts: string[]; builtins: string[] } = JSON.parse(readFileSync(list, 'utf8'));
  t.deepEqual(scripts.filter((file) => /node_modules\/(yargs|cliui|string-width)\//.test(file)), []);
  t.true(scripts.some((file) => file.endsWith('dist/lean/hook-run-main.cjs')), 'the bundled entry answered (scripts/bundle-lean.js)');
  t.false(builtins.includes('internal/modules/esm/module_job'), 'the ES module loader ran');
});

test('the lean parser takes the stubs\' shapes only; the rest goes to yargs', (t) => {
  t.like(hookRunArgs(['hooks', 'run', '--background', 'post-checkout', 'a', 'b', '1']), { hook: 'post-checkout', args: ['a', 'b', '1'], background: true });
  t.like(hookRunArgs(['hooks', 'run', '--foreground', 'post-rewrite', 'rebase']), { hook: 'post-rewrite', args: ['rebase'], background: false });
  t.like(hookRunArgs(['--project-root', '/p', 'hooks', 'run', 'post-merge', '0']), { hook: 'post-merge', projectRoot: '/p' });
  for (const argv of [
    ['hooks', 'run', 'post-nothing'],
    ['hooks', 'run', '--help', 'post-merge'],
    ['hooks', 'run', '--background', '--background', 'post-merge'],
    ['hooks', 'run', 'post-merge', '--', '-x'],
    ['hooks', 'run', '--project-root', '', 'post-merge'],
    ['hooks', 'status'],
    ['--json', 'hooks', 'run', 'post-merge'],
  ]) {
    t.is(hookRunArgs(argv), null, argv.join(' '));
  }
});

test('an argv the lean parser refuses gets yargs\' answer: an unknown hook is a usage error (exit 2)', async (t) => {
  const run = await heimdall(['hooks', 'run', '--foreground', 'post-nothing'], { cwd: tempDir(t) });
  t.is(run.exitCode, 2);
  t.regex(run.stderr, /must be one of post-checkout, post-merge, post-rewrite/);
});
