import { existsSync } from 'node:fs';
import test, { type ExecutionContext } from 'ava';
import type { Candidate, Executor } from '../dist/executor/executor-types.js';
import { parentIsGone } from '../dist/executor/parent-watchdog.js';
import { loads, setupExecutor, startParent } from './helpers/executor-setup.js';
import { isAlive, killGroup, readPids } from './helpers/process-tree.js';
import { waitFor } from './helpers/project.js';

const once = { retry: { attempts: 1 } };

/** Kills (in teardown) every pid that `files` list, in case a test failed half-way. */
function reapLater(t: ExecutionContext, ...files: string[]) {
  t.teardown(() => {
    for (const pid of files.flatMap(readPids)) killGroup(pid);
  });
}

/**
 * Blocks this process (its timers included) until `file` exists: the executor's deadline, a timer of this
 * process, cannot fire before a child has signalled readiness, however slowly that child starts. Only in
 * serial tests: it blocks every other test of the file too.
 */
function blockUntilExists(file: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    Atomics.wait(cell, 0, 0, 10);
  }
}

/** Submits, then blocks until the child that the submit spawned (within its microtasks) wrote `readyFile`. */
async function submitAndWaitReady(t: ExecutionContext, executor: Executor, readyFile: string, candidates: Candidate[]) {
  const submitted = executor.submit(candidates);
  for (let i = 0; i < 100 && executor.inFlight === 0; i++) await null;
  t.is(executor.inFlight, 1, 'the call started before any timer could run');
  blockUntilExists(readyFile);
  return submitted;
}

test.serial('at the deadline the whole group goes, grandchild included, and the call counts as a timeout', async (t) => {
  const { executor, file } = setupExecutor(t, {
    load: ['grandchild'],
    executor: { ...once, timeout_ms: 500 },
    env: { FIXTURE_READY_FILE: 'ready', FIXTURE_GRANDCHILD_PID_FILE: 'grandchild-pid' },
  });
  reapLater(t, file('ready'), file('grandchild-pid'));
  // The grandchild must exist before the deadline, or there is no grandchild to take down.
  const outcome = await submitAndWaitReady(t, executor, file('ready'), loads('a.md'));
  t.like(outcome.failed[0], { code: 'temporary-exhausted', permanent: false });
  t.regex(outcome.failed[0].message, /timed out/);
  t.is(executor.stats().timeouts, 1);
  const [child] = readPids(file('ready'));
  const [grandchild] = readPids(file('grandchild-pid'));
  t.truthy(child && grandchild);
  await waitFor(() => !isAlive(child) && !isAlive(grandchild), { timeout: 10_000, what: 'child and grandchild to be gone' });
  t.pass();
});

test.serial('a child that ignores SIGTERM gets SIGKILL after the grace period', async (t) => {
  const { executor, file, logs } = setupExecutor(t, {
    load: ['ignore-term'],
    executor: { ...once, timeout_ms: 300 },
    env: { FIXTURE_PID_FILE: 'pid', FIXTURE_READY_FILE: 'ready' },
    options: { killGraceMs: 400 },
  });
  reapLater(t, file('pid'), file('ready'));
  // Its SIGTERM handler must be in place before the 300 ms deadline fires, or SIGTERM simply kills it.
  const outcome = await submitAndWaitReady(t, executor, file('ready'), loads('a.md'));
  t.regex(outcome.failed[0].message, /ignored SIGTERM: SIGKILLed/);
  t.true(executor.stats().durationsMs.last[0] >= 700, 'deadline plus grace');
  t.true(logs.some((line) => line.includes('SIGKILLed')));
  const [child] = readPids(file('ready'));
  await waitFor(() => !isAlive(child), { what: 'the child to be gone' });
  t.pass();
});

test('stop() ends the running child (SIGKILL after grace) and resolves pending submits as cancelled', async (t) => {
  const { executor, file, calls } = setupExecutor(t, { load: ['ignore-term'], env: { FIXTURE_PID_FILE: 'pid' } });
  reapLater(t, file('pid'));
  const running = executor.submit(loads('a.md', 'b.md'));
  await waitFor(() => readPids(file('pid')).length === 1, { what: 'the child to start' });
  const waiting = executor.submit(loads('c.md'));
  await executor.stop(300);
  const [child] = readPids(file('pid'));
  t.false(isAlive(child));
  t.deepEqual((await running).cancelled, ['a.md', 'b.md']);
  t.deepEqual((await waiting).cancelled, ['c.md']);
  t.is(calls().length, 1);
  t.is(executor.inFlight, 0);
  t.is(executor.pending, 0);
});

test('SIGTERM to the parent leaves no process of the child group alive within 5 s', async (t) => {
  const { parent, files, exited } = await startParent(t, 'grandchild');
  await waitFor(() => readPids(files.grandchild).length === 1, { what: 'the grandchild to start' });
  const [child] = readPids(files.pid);
  const [grandchild] = readPids(files.grandchild);
  t.true(isAlive(child) && isAlive(grandchild));
  parent.kill('SIGTERM');
  await waitFor(() => !isAlive(child) && !isAlive(grandchild), { timeout: 5000, what: 'the child group to be gone' });
  t.deepEqual(await exited, { code: 0, signal: null });
});

test('SIGKILL of the parent: a child blocked in its main thread notices through the watchdog and is gone within a second', async (t) => {
  const { parent, files, exited } = await startParent(t, 'watchdog-child');
  const [child] = readPids(files.pid);
  t.true(isAlive(child));
  parent.kill('SIGKILL');
  await exited;
  const killedAt = Date.now();
  await waitFor(() => !isAlive(child), { timeout: 10_000, interval: 10, what: 'the orphaned child to exit' });
  t.true(Date.now() - killedAt < 1000, `exited ${Date.now() - killedAt} ms after its parent`);
});

test('exitWhenParentDies: SIGKILL within a second of the parent not being HEIMDALL_PARENT_PID, main thread blocked or not', async (t) => {
  const { execa } = await import('execa');
  const module = JSON.stringify(new URL('../dist/executor/exit-when-parent-dies.js', import.meta.url).href);
  // Blocks its main thread for 3 s, then exits 0: only the watchdog's thread can end it sooner.
  const script = `import { exitWhenParentDies } from ${module};
exitWhenParentDies(); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);`;
  const run = async (parentPid?: number) => {
    const started = Date.now();
    const env = parentPid === undefined ? {} : { HEIMDALL_PARENT_PID: String(parentPid) };
    const result = await execa(process.execPath, ['--input-type=module', '-e', script], { env, reject: false });
    return { signal: result.signal ?? null, exitCode: result.exitCode, ms: Date.now() - started };
  };
  const [unset, ours, wrong] = await Promise.all([run(undefined), run(process.pid), run(process.pid + 100_000)]);
  t.like(unset, { signal: null, exitCode: 0 });
  t.like(ours, { signal: null, exitCode: 0 });
  t.is(wrong.signal, 'SIGKILL');
  t.true(wrong.ms < 2500, `took ${wrong.ms} ms (its own main thread stays blocked for 3 s)`);
});

test('parentIsGone: only when HEIMDALL_PARENT_PID is set and is not our parent', (t) => {
  t.false(parentIsGone({}));
  t.false(parentIsGone({ HEIMDALL_PARENT_PID: String(process.ppid) }));
  t.false(parentIsGone({ HEIMDALL_PARENT_PID: 'not a pid' }));
  t.true(parentIsGone({ HEIMDALL_PARENT_PID: String(process.ppid + 1) }));
});
