import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { commandArgv } from '../dist/executor/command-argv.js';
import { createStatsRecorder } from '../dist/executor/stats-recorder.js';
import { loads, deletions, setupExecutor } from './helpers/executor-setup.js';
import { repoRoot, waitFor } from './helpers/project.js';

test('N paths make ceil(N / batch_size) calls; deletions go to the remove command, first', async (t) => {
  const { executor, calls } = setupExecutor(t, { executor: { batch_size: 10 } });
  const loaded = Array.from({ length: 25 }, (_, i) => `docs/l${i}.md`);
  const removed = Array.from({ length: 12 }, (_, i) => `docs/r${i}.md`);
  const outcome = await executor.submit([...loads(...loaded), ...deletions(...removed)]);

  t.is(outcome.applied, 37);
  t.deepEqual(outcome.failed, []);
  const made = calls();
  t.deepEqual(made.map((call) => [call.mode, call.paths.length]), [['remove', 10], ['load', 10], ['remove', 2], ['load', 10], ['load', 5]]);
  t.deepEqual(made.filter((c) => c.mode === 'load').flatMap((c) => c.paths), loaded);
  t.deepEqual(made.filter((c) => c.mode === 'remove').flatMap((c) => c.paths), removed);
  t.deepEqual(made[0].argv, ['remove-file', '--files-from', '-', '-0', '--json']);
  const stats = executor.stats();
  t.is(stats.calls, 5);
  t.deepEqual(stats.files, { loaded: 25, removed: 12 });
  t.is(stats.durationsMs.last.length, 5);
  t.true(stats.durationsMs.p50! <= stats.durationsMs.p95!);
  t.deepEqual(outcome.results.map((r) => r.action).slice(0, 2), ['loaded', 'loaded']);
  t.is(outcome.results.length, 37);
});

test('paths submitted while a call runs merge into the next batch, latest wins; outcomes resolve in order', async (t) => {
  const { executor, calls, file } = setupExecutor(t, { env: { FIXTURE_GATE_FILE: 'gate' } });
  const order: string[] = [];
  const track = <T>(name: string, promise: Promise<T>) => promise.then((outcome) => (order.push(name), outcome));
  const a = track('a', executor.submit(loads('x.md', 'y.md', 'z.md')));
  await waitFor(() => calls().length === 1, { what: 'the first call to start' });
  t.is(executor.inFlight, 3);
  const b = track('b', executor.submit(deletions('x.md')));
  const c = track('c', executor.submit([...loads('x.md'), ...deletions('y.md')]));
  const d = track('d', executor.submit([...deletions('w.md'), ...loads('w.md'), ...deletions('w.md')]));
  t.is(executor.pending, 3);
  writeFileSync(file('gate'), '');
  const [outA, outB, outC, outD] = await Promise.all([a, b, c, d]);

  t.deepEqual(order, ['a', 'b', 'c', 'd']);
  t.deepEqual(calls().map((call) => [call.mode, call.paths]), [
    ['load', ['x.md', 'y.md', 'z.md']],
    ['remove', ['y.md', 'w.md']],
    ['load', ['x.md']],
  ]);
  t.is(outA.applied, 3);
  // b asked for x.md's removal, c superseded it before the batch ran: both see the one result.
  t.deepEqual(outB.results, [{ path: 'x.md', action: 'loaded', memories: 1 }]);
  t.deepEqual(outC.results.map((r) => [r.path, r.action]), [['x.md', 'loaded'], ['y.md', 'removed']]);
  t.deepEqual(outD.results.map((r) => [r.path, r.action]), [['w.md', 'removed']]);
  t.is(executor.pending, 0);
  t.is(executor.inFlight, 0);
});

test('hostile file names reach the child byte for byte on stdin, never argv, and nothing runs', async (t) => {
  const { executor, calls, root } = setupExecutor(t);
  const pwned = path.join(root, 'pwned-marker');
  const names = [
    'docs/with space.md',
    `docs/it's "quoted".md`,
    `docs/$(touch ${pwned}).md`,
    `docs/\`touch ${pwned}\`.md`,
    'docs/new\nline.md',
    'docs/tab\there.md',
    'docs/; rm -rf ..; .md',
    'docs/back\\slash.md',
    '-n.md',
    '--json',
    'docs/*.md',
    'docs/üñí 日本.md',
  ];
  const outcome = await executor.submit(loads(...names));
  t.is(outcome.applied, names.length);
  const [call] = calls();
  t.deepEqual(call.paths, names);
  t.deepEqual(call.argv, ['load', '--files-from', '-', '-0', '--json']);
  t.false(existsSync(pwned));
});

test('children run in their own process group, in the project root, told the root and their parent', async (t) => {
  const { executor, calls, root } = setupExecutor(t);
  await executor.submit(loads('a.md'));
  const [call] = calls();
  t.is(call.pgid, call.pid);
  t.is(call.cwd, root);
  t.is(call.projectRoot, root);
  t.is(call.parentPid, String(process.pid));
});

test('the default command is this package\'s own CLI through the current node; a configured argv gets the stdin suffix', (t) => {
  const { config } = setupExecutor(t);
  const suffix = ['--files-from', '-', '-0', '--json'];
  const defaults = { ...config, executor: { ...config.executor, loadCommand: null, removeCommand: null } };
  const bin = path.join(repoRoot, 'bin', 'heimdall.js');
  t.deepEqual(commandArgv(defaults, 'load'), [process.execPath, bin, 'load', '--project-root', config.root, ...suffix]);
  t.deepEqual(commandArgv(defaults, 'remove'), [process.execPath, bin, 'remove-file', '--project-root', config.root, ...suffix]);
  t.deepEqual(commandArgv(config, 'load'), ['succeed', 'load', ...suffix]);
});

test('empty and invalid submits resolve; a submit after stop() is cancelled, not rejected', async (t) => {
  const { executor, calls } = setupExecutor(t);
  t.deepEqual(await executor.submit([]), { applied: 0, failed: [], reports: [], results: [], cancelled: [] });
  const invalid = await executor.submit(loads('', 'a\0b.md'));
  t.deepEqual(invalid.failed.map((f) => [f.path, f.code]), [['', 'invalid-path'], ['a\0b.md', 'invalid-path']]);
  await executor.stop();
  const late = await executor.submit(loads('late.md'));
  t.deepEqual(late.cancelled, ['late.md']);
  t.is(calls().length, 0);
});

test('stats keep the last 100 call durations with p50 / p95 by nearest rank', (t) => {
  const stats = createStatsRecorder();
  t.deepEqual(stats.snapshot().durationsMs, { last: [], p50: null, p95: null });
  for (let ms = 1; ms <= 150; ms++) stats.duration(ms);
  const { last, p50, p95 } = stats.snapshot().durationsMs;
  t.is(last.length, 100);
  t.is(last[0], 51);
  t.is(p50, 100);
  t.is(p95, 145);
});

test('a project root that vanished is a configuration error that names it, not "command not found"', async (t) => {
  const { executor, root } = setupExecutor(t);
  rmSync(root, { recursive: true, force: true });
  const outcome = await executor.submit(loads('a.md'));
  t.is(outcome.failed[0].code, 'executor-config');
  t.true(outcome.failed[0].message.includes(`the project root ${JSON.stringify(root)} no longer exists`));
});
