import test, { type ExecutionContext } from 'ava';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import type { HooksReport } from '../dist/git/install-hooks.js';
import { tempDir, heimdall, heimdallJson, heimdallBin } from './helpers/project.js';

const hookNames = ['post-checkout', 'post-merge', 'post-rewrite'];
const gitRepo = (t: ExecutionContext) => {
  const dir = tempDir(t);
  execFileSync('git', ['init', '-q', dir]);
  return dir;
};
const installed = (repo: string) => hookNames.filter((name) => existsSync(path.join(repo, '.git', 'hooks', name)));

test('init --hooks installs the git hooks', async (t) => {
  const repo = gitRepo(t);
  const result = await heimdallJson(['init', '--hooks'], { cwd: repo });
  t.is(result.exitCode, 0, result.stderr);
  t.deepEqual(result.json.hooks.hooks.map((h: HooksReport['hooks'][number]) => h.name).sort(), hookNames);
  t.deepEqual(installed(repo), hookNames);
});

test('init without a terminal does not install hooks and says how to', async (t) => {
  const repo = gitRepo(t);
  const result = await heimdall(['init'], { cwd: repo });
  t.is(result.exitCode, 0);
  t.regex(result.stderr, /heimdall hooks install/);
  t.deepEqual(installed(repo), []);
});

// `script` gives the CLI a real pseudo-terminal, so the question is really asked and answered.
for (const [answer, expected] of [['y', hookNames], ['', hookNames], ['n', []]]) {
  test(`init at a terminal asks, and "${answer || 'Enter'}" ${expected.length ? 'installs' : 'does not install'}`, async (t) => {
    const repo = gitRepo(t);
    const run = await execa('script', ['-qec', `${process.execPath} ${heimdallBin} init`, '/dev/null'], { cwd: repo, input: `${answer}\n`, reject: false, timeout: 30_000 });
    t.is(run.exitCode, 0, run.stdout);
    t.regex(run.stdout, /Install the git hooks/);
    t.deepEqual(installed(repo), expected);
  });
}

test('init --hooks outside a git repository is a clear error, after creating .heimdall/', async (t) => {
  const dir = tempDir(t);
  const result = await heimdall(['init', '--hooks'], { cwd: dir });
  t.is(result.exitCode, 2);
  t.regex(result.stderr, /\.heimdall is ready, but the git hooks were not installed: .*not inside a git repository/);
  t.true(existsSync(path.join(dir, '.heimdall', 'config.yaml')));
});
