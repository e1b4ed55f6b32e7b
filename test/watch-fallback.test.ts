// Without Watchman (not on PATH, no WATCHMAN_SOCK): the Node fallback, with a one-line
// warning, behind the same interface; `--backend watchman` fails with the reason instead.
import test, { type ExecutionContext } from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { heimdall, makeProject, type HeimdallOptions, type ListedSource, type Project } from './helpers/project.js';

const noWatchman = { PATH: '/nonexistent', WATCHMAN_SOCK: undefined };

function tools(t: ExecutionContext, project: Project) {
  const run = (args: string[], options: HeimdallOptions = {}) => heimdall([...args, '--project-root', project.root], { ...options, env: noWatchman });
  t.teardown(() => run(['monitor', 'stop', '--grace', '5']));
  return run;
}

test('no Watchman: the node backend with a one-line warning; changes still reach the store', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': '# A\n\nalpha\n' } });
  const run = tools(t, project);
  const started = await run(['monitor', 'start', '--json']);
  t.is(started.exitCode, 0, started.stderr);
  t.is(JSON.parse(started.stdout).backend, 'node');
  const log = readFileSync(path.join(project.root, '.heimdall', 'logs', 'monitor.log'), 'utf8');
  t.is(log.split('\n').filter((line) => /Watchman is not available/.test(line)).length, 1, log);

  t.is((await run(['monitor', 'wait'])).exitCode, 0);
  project.write('.heimdall/docs/sub/b.md', '# B\n\nbravo\n');
  project.remove('.heimdall/docs/a.md');
  t.is((await run(['monitor', 'wait'])).exitCode, 0);
  const sources = JSON.parse((await run(['sources', '--json'])).stdout).sources.map((s: ListedSource) => s.path);
  t.deepEqual(sources, ['.heimdall/docs/sub/b.md']);

  const status = JSON.parse((await run(['monitor', 'status', '--json'])).stdout);
  t.is(status.backend, 'node');
  t.is(status.appliedClock, null);
  const health = await run(['monitor', 'health']);
  t.is(health.exitCode, 0, health.stdout);
});

test('`--backend watchman` without Watchman: `monitor start` fails with the reason from the log', async (t) => {
  const project = makeProject(t);
  const run = tools(t, project);
  const started = await run(['monitor', 'start', '--backend', 'watchman', '--timeout', '20']);
  t.is(started.exitCode, 1);
  t.regex(started.stderr, /exited \(exit 1\) before it was watching/);
  t.regex(started.stderr, /watchman|Watchman/);
  t.is((await run(['monitor', 'status'])).exitCode, 3);
});
