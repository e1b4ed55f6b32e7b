import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import test from 'ava';
import { backoffDelay } from '../dist/executor/backoff-delay.js';
import { loads, recordingSleep, setupExecutor } from './helpers/executor-setup.js';
import { waitFor } from './helpers/project.js';

const retry = (attempts: number, extra = {}) => ({ retry: { base_ms: 1000, factor: 2, cap_ms: 60_000, attempts, ...extra } });

test('backoff: full jitter under an exponential ceiling, capped', (t) => {
  const policy = { baseMs: 1000, factor: 2, capMs: 5000, attempts: 9 };
  t.deepEqual([1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt, () => 1)), [1000, 2000, 4000, 5000, 5000]);
  t.deepEqual([1, 2, 3].map((attempt) => backoffDelay(policy, attempt, () => 0.25)), [250, 500, 1000]);
  t.is(backoffDelay(policy, 7, () => 0), 0);
});

test('whole-call temporary failures are retried on the exact backoff schedule', async (t) => {
  const delays: number[] = [];
  const { executor, calls, file, logs } = setupExecutor(t, {
    load: ['flaky'],
    executor: retry(5),
    env: { FIXTURE_STATE_FILE: 'state', FIXTURE_FAIL_TIMES: '3' },
    options: { sleep: recordingSleep(delays), random: () => 0.5 },
  });
  const outcome = await executor.submit(loads('a.md', 'b.md'));
  t.is(outcome.applied, 2);
  t.deepEqual(delays, [500, 1000, 2000]);
  t.is(calls().length, 4);
  const stats = executor.stats();
  t.is(stats.retries, 3);
  t.is(stats.retriedPaths, 6);
  t.true(logs.some((line) => line.includes('| flaky: the store is busy')), 'the child\'s stderr is logged on failure');
  t.is(readFileSync(file('state'), 'utf8'), '3', 'the fixture failed exactly three times before it succeeded');
});

test('only the paths that failed temporarily are sent again', async (t) => {
  const delays: number[] = [];
  const { executor, calls } = setupExecutor(t, {
    load: ['flaky'],
    executor: retry(5),
    env: { FIXTURE_STATE_FILE: 'state', FIXTURE_FAIL_TIMES: '1', FIXTURE_FLAKY_MATCH: 'temp' },
    options: { sleep: recordingSleep(delays), random: () => 1 },
  });
  const outcome = await executor.submit(loads('a.md', 'temp-b.md', 'c.md', 'temp-d.md'));
  t.deepEqual(calls().map((call) => call.paths), [['a.md', 'temp-b.md', 'c.md', 'temp-d.md'], ['temp-b.md', 'temp-d.md']]);
  t.deepEqual(delays, [1000]);
  t.is(outcome.applied, 4);
  t.deepEqual(outcome.reports.map((report) => report.summary.failed), [2, 0]);
  t.deepEqual(outcome.results.map((r) => [r.path, r.action]), [['a.md', 'loaded'], ['temp-b.md', 'loaded'], ['c.md', 'loaded'], ['temp-d.md', 'loaded']]);
});

test('temporary failures that use up their attempts go to the failure list; a later success clears it', async (t) => {
  const delays: number[] = [];
  const { executor, calls, file } = setupExecutor(t, {
    load: ['flaky'],
    executor: retry(3, { factor: 10, cap_ms: 4000 }),
    env: { FIXTURE_STATE_FILE: 'state', FIXTURE_FAIL_TIMES: '99' },
    options: { sleep: recordingSleep(delays), random: () => 1 },
  });
  const outcome = await executor.submit(loads('a.md'));
  t.deepEqual(delays, [1000, 4000]);
  t.is(calls().length, 3);
  t.is(outcome.applied, 0);
  t.like(outcome.failed[0], { path: 'a.md', code: 'temporary-exhausted', attempts: 3, permanent: false });
  t.like(executor.failures()[0], { path: 'a.md', code: 'temporary-exhausted' });
  t.is(executor.stats().exhausted, 1);
  t.regex(executor.stats().lastError!.message, /gave up after 3 attempt/);

  writeFileSync(file('state'), '99');
  const later = await executor.submit(loads('a.md'));
  t.is(later.applied, 1);
  t.deepEqual(executor.failures(), []);
});

test('permanent failures are not retried, are listed, and a later success clears them', async (t) => {
  const delays: number[] = [];
  const { executor, calls, file } = setupExecutor(t, {
    load: ['fail-some'],
    env: { FIXTURE_HEALED_FILE: 'healed' },
    options: { sleep: recordingSleep(delays) },
  });
  const outcome = await executor.submit(loads('good.md', 'bad.md'));
  t.is(calls().length, 1);
  t.deepEqual(delays, []);
  t.is(outcome.applied, 1);
  t.is(outcome.failed.length, 1);
  t.like(outcome.failed[0], { path: 'bad.md', code: 'binary', permanent: true, attempts: 1 });
  t.deepEqual(executor.failures().map((f) => f.path), ['bad.md']);
  t.is(executor.stats().permanentFailures, 1);

  writeFileSync(file('healed'), '');
  const later = await executor.submit(loads('bad.md'));
  t.is(later.applied, 1);
  t.deepEqual(executor.failures(), []);
});

for (const [fixture, env, pattern] of [
  ['garbage', {}, /exit 0, output is not the expected JSON report/],
  ['crash', {}, /killed by SIGKILL/],
  ['crash', { FIXTURE_SIGNAL: 'SIGSEGV' }, /killed by SIGSEGV/],
] satisfies [string, NodeJS.ProcessEnv, RegExp][]) {
  test(`${[fixture, env.FIXTURE_SIGNAL].filter(Boolean).join(' ')}: counts as temporary and is retried`, async (t) => {
    const delays: number[] = [];
    const { executor, calls } = setupExecutor(t, { load: [fixture], executor: retry(2), env, options: { sleep: recordingSleep(delays), random: () => 0 } });
    const outcome = await executor.submit(loads('a.md'));
    t.is(calls().length, 2);
    t.deepEqual(delays, [0]);
    t.like(outcome.failed[0], { code: 'temporary-exhausted', attempts: 2 });
    t.regex(outcome.failed[0].message, pattern);
  });
}

test('a missing command is a configuration error: reported once, clearly, never retried', async (t) => {
  const delays: number[] = [];
  const { executor, logs } = setupExecutor(t, { load: ['no-such-heimdall-command-7f3e', 'load'], executor: retry(5), options: { sleep: recordingSleep(delays) } });
  const first = await executor.submit(loads('a.md', 'b.md'));
  const second = await executor.submit(loads('c.md'));
  t.deepEqual(delays, []);
  t.deepEqual([...first.failed, ...second.failed].map((f) => f.code), ['executor-config', 'executor-config', 'executor-config']);
  const reported = logs.filter((line) => line.includes('the executable was not found or is not executable'));
  t.is(reported.length, 1);
  t.true(reported[0].includes('"no-such-heimdall-command-7f3e load"'));
  const stats = executor.stats();
  t.is(stats.calls, 2);
  t.is(stats.retries, 0);
  t.is(stats.configErrors, 2);
  t.regex(stats.lastError!.message, /no-such-heimdall-command-7f3e/);
  t.deepEqual(executor.failures(), []);
});

test('exit 126 / 127, a non-executable file and exit 2 are configuration errors too', async (t) => {
  const cases: [string[], RegExp][] = [
    [[process.execPath, '-e', 'process.exit(127)', '--'], /not found or is not executable/],
    [[process.execPath, '-e', 'process.exit(126)', '--'], /not found or is not executable/],
    [['./not-executable'], /not found or is not executable/],
    [[process.execPath, '-e', 'console.error("config.yaml: broken"); process.exit(2)', '--'], /exit 2\): config\.yaml: broken/],
  ];
  for (const [load, pattern] of cases) {
    const delays: number[] = [];
    const { executor, file } = setupExecutor(t, { load, executor: retry(5), options: { sleep: recordingSleep(delays) } });
    writeFileSync(file('not-executable'), '#!/bin/sh\n');
    chmodSync(file('not-executable'), 0o644);
    const outcome = await executor.submit(loads('a.md'));
    t.is(outcome.failed[0]?.code, 'executor-config', load.join(' '));
    t.regex(outcome.failed[0].message, pattern);
    t.deepEqual(delays, []);
    t.is(executor.stats().calls, 1);
  }
});

test('a path resubmitted while its failing call ran is retried once, as the newer submit says', async (t) => {
  const delays: number[] = [];
  const { executor, calls, file } = setupExecutor(t, {
    load: ['flaky', 'load'],
    remove: ['flaky', 'remove-file'],
    executor: retry(2),
    env: { FIXTURE_STATE_FILE: 'state', FIXTURE_FAIL_TIMES: '1', FIXTURE_GATE_FILE: 'gate' },
    options: { sleep: recordingSleep(delays), random: () => 1 },
  });
  const first = executor.submit(loads('x.md'));
  await waitFor(() => calls().length === 1, { what: 'the first call to start' });
  const second = executor.submit([{ path: 'x.md', deleted: true }]);
  writeFileSync(file('gate'), '');
  const [a, b] = await Promise.all([first, second]);
  t.deepEqual(calls().map((call) => [call.mode, call.paths]), [['load', ['x.md']], ['remove', ['x.md']]]);
  t.deepEqual(delays, [1000]);
  t.deepEqual(a.results, b.results);
  t.is(a.results[0].action, 'removed');
});
