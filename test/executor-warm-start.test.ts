// ExecutorOptions.warmStart (the monitor's executor.warm_start): after a call, one `load` child is started ahead of
// the next batch, and that batch is fed to it; it reads its config only once fed, and is ended when idle or stopped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { configSnapshotVariable, writeConfigSnapshot } from '../dist/config/config-snapshot.js';
import { parseConfig } from '../dist/config/parse-config.js';
import { createExecutor } from '../dist/executor/create-executor.js';
import type { Candidate } from '../dist/executor/executor-types.js';
import { fixtureBin, type ExecutorSetup } from './helpers/executor-setup.js';
import { childrenOf, isAlive, killGroup, procState } from './helpers/process-tree.js';
import { makeProject, waitFor } from './helpers/project.js';

// The main thread asleep in a read of its stdin (a socket pair, as Node makes it): done starting up, waiting for its batch.
const readingStdin = (pid: number) => {
  try {
    return /pipe_read|pipe_wait|unix_stream_read/.test(readFileSync(`/proc/${pid}/wchan`, 'utf8'));
  } catch {
    return false;
  }
};
const docs = (name: string) => `.heimdall/docs/${name}`;
const loads = (...names: string[]): Candidate[] => names.map((name) => ({ path: docs(name), deleted: false }));

/** An executor with heimdall's own commands over a fresh project; `waiting()` lists its waiting children's pids. */
function warmExecutor(t: ExecutionContext, { executor = {}, options = {} }: Pick<ExecutorSetup, 'executor' | 'options'> = {}) {
  const project = makeProject(t, { docs: { 'a.md': '# A\n\nalpha\n', 'b.md': '# B\n\nbeta\n' } });
  const config = parseConfig({ executor }, project.root, null, {});
  const snapshot = path.join(project.root, '.heimdall', 'snapshot.json');
  writeConfigSnapshot(snapshot, config);
  const logs: string[] = [];
  const instance = createExecutor({
    config,
    log: (line) => logs.push(line),
    env: { PATH: `${fixtureBin}${path.delimiter}${process.env.PATH}`, [configSnapshotVariable]: snapshot },
    warmStart: true,
    ...options,
  });
  const waiting = () => childrenOf(process.pid).filter((child) => child.cmd.includes(` load --project-root ${project.root} `)).map((child) => child.pid);
  t.teardown(async () => {
    const left = waiting();
    await instance.stop(0);
    left.forEach(killGroup);
  });
  return { project, config, snapshot, executor: instance, logs, waiting };
}

test('the batch after a call goes to the child started ahead of it, which reads the config only once fed', async (t) => {
  const { project, config, snapshot, executor, logs, waiting } = warmExecutor(t);
  const first = await executor.submit(loads('a.md'));
  t.deepEqual(first.failed, [], logs.join('\n'));
  t.false(logs[0].includes('started ahead'));
  await waitFor(() => waiting().length === 1 && readingStdin(waiting()[0]), { timeout: 20_000, what: 'a child started ahead, done starting and reading its stdin' });
  const [ahead] = waiting();

  // The config changes while it waits (the monitor rewrites its snapshot on a reload): b.md is ignored now.
  writeConfigSnapshot(snapshot, { ...config, monitoring: { ...config.monitoring, ignorePatterns: ['b.md'] } });
  project.write(docs('a.md'), '# A\n\nalpha, edited\n');
  const second = await executor.submit(loads('a.md', 'b.md'));
  const actions = Object.fromEntries(second.results.map((r) => [r.path, r.action]));
  t.deepEqual(actions, { [docs('a.md')]: 'loaded', [docs('b.md')]: 'failed' }, logs.join('\n'));
  t.is(second.failed[0]?.code, 'not-docs');
  t.regex(logs[1], /^executor: load 2 path\(s\) in \d+ ms \(child started ahead\): /);
  t.false(isAlive(ahead));
  await waitFor(() => waiting().length === 1 && waiting()[0] !== ahead, { timeout: 20_000, what: 'the next child started ahead' });
  t.is(executor.stats().calls, 2);
});

test('a child started ahead is ended once unused for warmIdleMs, and by stop()', async (t) => {
  const { executor, waiting } = warmExecutor(t, { options: { warmIdleMs: 300 } });
  await executor.submit(loads('a.md'));
  await waitFor(() => waiting().length === 1, { timeout: 20_000, what: 'a child started ahead' });
  await waitFor(() => waiting().length === 0, { timeout: 20_000, what: 'the idle child to be ended' });
  // Cold again, then warm again; stop() ends the waiting one.
  await executor.submit(loads('b.md'));
  await waitFor(() => waiting().length === 1, { timeout: 20_000, what: 'a child started ahead' });
  const [ahead] = waiting();
  await executor.stop(1000);
  t.false(isAlive(ahead));
});

test('a child started ahead that died while waiting is not fed: the batch gets a fresh child', async (t) => {
  const { executor, logs, waiting } = warmExecutor(t);
  await executor.submit(loads('a.md'));
  await waitFor(() => waiting().length === 1, { timeout: 20_000, what: 'a child started ahead' });
  const [ahead] = waiting();
  process.kill(ahead, 'SIGKILL');
  // Gone from /proc: reaped, so the executor has seen its exit.
  await waitFor(() => procState(ahead) === null, { what: 'the child to die' });
  const outcome = await executor.submit(loads('b.md'));
  t.deepEqual(outcome.failed, [], logs.join('\n'));
  t.is(executor.stats().calls, 2);
  t.false(logs[1].includes('started ahead'), logs[1]);
});

// This process's children but tsx's esbuild service, which the test runner itself may start (lazily, so only at times).
const ourChildren = () => childrenOf(process.pid).filter((child) => !/\/@esbuild\/[^ ]*\/esbuild --service=/.test(child.cmd));

// Serial, so that no other test's children are about: the child started ahead is spawned before the submit resolves.
test.serial('no child is started ahead without warmStart, or with a configured command', async (t) => {
  const on = warmExecutor(t);
  await on.executor.submit(loads('a.md'));
  t.is(ourChildren().length, 1, 'the control: warmStart with the default commands');
  await on.executor.stop(0);
  for (const setup of [{ options: { warmStart: false } }, { executor: { remove_command: ['succeed', 'remove-file'] } }]) {
    const { executor } = warmExecutor(t, setup);
    await executor.submit(loads('a.md'));
    t.deepEqual(ourChildren(), [], JSON.stringify(setup));
  }
});
