// A batch of removals and loads is one call when both commands are heimdall's own (its `load` removes what is gone),
// and stays two when a remove_command is configured.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { parseConfig } from '../dist/config/parse-config.js';
import { createExecutor } from '../dist/executor/create-executor.js';
import { fixtureBin, type FixtureCall } from './helpers/executor-setup.js';
import { makeProject, type Project } from './helpers/project.js';

const docs = (name: string) => `.heimdall/docs/${name}`;

/** `executor`: raw config.yaml keys of the executor section (snake_case). */
function executorFor(t: ExecutionContext, project: Project, executor: Record<string, unknown> = {}) {
  const logs: string[] = [];
  const record = path.join(project.root, 'calls.jsonl');
  const instance = createExecutor({
    config: parseConfig({ executor }, project.root, null, {}),
    log: (line) => logs.push(line),
    env: { PATH: `${fixtureBin}${path.delimiter}${process.env.PATH}`, FIXTURE_RECORD_FILE: record },
  });
  t.teardown(() => instance.stop(0));
  const fixtureCalls = (): FixtureCall[] => (existsSync(record) ? readFileSync(record, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : []);
  return { executor: instance, logs, fixtureCalls };
}

/** a.md, b.md and c.md indexed in one call; then b.md deleted and a.md edited. */
async function indexedThenChanged(t: ExecutionContext, executorKeys: Record<string, unknown> = {}) {
  const project = makeProject(t, { docs: { 'a.md': '# A\n\nalpha\n', 'b.md': '# B\n\nbeta\n', 'c.md': '# C\n\ngamma\n' } });
  const setup = executorFor(t, project, executorKeys);
  const first = await setup.executor.submit(['a.md', 'b.md', 'c.md'].map((name) => ({ path: docs(name), deleted: false })));
  t.deepEqual(first.failed, []);
  t.is(setup.executor.stats().calls, 1);
  project.remove(docs('b.md'));
  project.write(docs('a.md'), '# A\n\nalpha, edited\n');
  return setup;
}

test('with the default commands, a batch of removals and loads is one `load` call, removals first', async (t) => {
  const { executor, logs } = await indexedThenChanged(t);
  const outcome = await executor.submit([
    { path: docs('a.md'), deleted: false },
    { path: docs('b.md'), deleted: true },
    // A stale deletion: the file is back, and `load` keeps what the disk holds.
    { path: docs('c.md'), deleted: true },
  ]);
  t.deepEqual(outcome.failed, [], logs.join('\n'));
  const actions = Object.fromEntries(outcome.results.map((r) => [r.path, r.action]));
  t.deepEqual(actions, { [docs('a.md')]: 'loaded', [docs('b.md')]: 'removed', [docs('c.md')]: 'unchanged' });
  t.is(executor.stats().calls, 2, logs.join('\n'));
  t.deepEqual(executor.stats().files, { loaded: 4, removed: 1, unchanged: 1 });
  t.true(logs.some((line) => line.startsWith('executor: load 3 path(s)')), logs.join('\n'));
});

test('with the default commands, batch_size bounds the paths of the one call, removals and loads together', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': '# A\n', 'b.md': '# B\n', 'c.md': '# C\n' } });
  const { executor, logs } = executorFor(t, project, { batch_size: 2 });
  const outcome = await executor.submit([
    { path: docs('a.md'), deleted: false },
    { path: docs('gone.md'), deleted: true },
    { path: docs('b.md'), deleted: false },
    { path: docs('c.md'), deleted: false },
  ]);
  t.deepEqual(outcome.failed, [], logs.join('\n'));
  t.is(executor.stats().calls, 2, logs.join('\n'));
  t.deepEqual(logs.filter((line) => / path\(s\) in /.test(line)).map((line) => /^executor: (\w+ \d+)/.exec(line)?.[1]), ['load 2', 'load 2']);
});

test('a configured remove_command keeps its own call: removals to it, then loads to the default load', async (t) => {
  const { executor, logs, fixtureCalls } = await indexedThenChanged(t, { remove_command: ['succeed', 'remove-file'] });
  const outcome = await executor.submit([
    { path: docs('a.md'), deleted: false },
    { path: docs('b.md'), deleted: true },
  ]);
  t.deepEqual(outcome.failed, [], logs.join('\n'));
  t.is(executor.stats().calls, 3, logs.join('\n'));
  t.deepEqual(fixtureCalls().map((call) => [call.fixture, call.mode, call.paths]), [['succeed', 'remove', [docs('b.md')]]]);
  t.deepEqual(Object.fromEntries(outcome.results.map((r) => [r.path, r.action])), { [docs('a.md')]: 'loaded', [docs('b.md')]: 'removed' });
  t.deepEqual(logs.filter((line) => / path\(s\) in /.test(line)).map((line) => /^executor: (\w+ \d+)/.exec(line)?.[1]), ['load 3', 'remove 1', 'load 1']);
});
