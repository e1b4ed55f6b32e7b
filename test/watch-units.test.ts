// The monitor's parts on their own: settling and coalescing, the batch loop against a
// stand-in executor and backend (the real ones are exercised end to end elsewhere),
// the rotating log, the Watchman expression.
import test, { type ExecutionContext } from 'ava';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../dist/config/parse-config.js';
import type { HeimdallConfig } from '../dist/config/config-types.js';
import type { WaitResult } from '../dist/contract/control-protocol.js';
import type { ExecutorStats } from '../dist/contract/executor-stats.js';
import type { Candidate, Executor, SubmitOutcome } from '../dist/executor/executor-types.js';
import type { CatchUpRun } from '../dist/watch/catch-up-sync.js';
import { createMonitor } from '../dist/watch/create-monitor.js';
import type { MonitorOptions } from '../dist/watch/monitor-types.js';
import type { WatchBackend } from '../dist/watch/watch-backend.js';
import { createPendingChanges } from '../dist/watch/pending-changes.js';
import { createRotatingLog } from '../dist/watch/rotating-log.js';
import { fnv1a64 } from '../dist/lock/socket-address.js';
import { watchmanExpression } from '../dist/watch/watchman-expression.js';
import { tempDir, waitFor } from './helpers/project.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('pending changes: latest state per path wins; due after the quiet time', async (t) => {
  let due = 0;
  const pending = createPendingChanges({ settleMs: 50, settleCapMs: 5000 }, () => due++);
  for (let i = 0; i < 1000; i++) pending.add(`a${i % 10}.md`, i % 2 === 0);
  pending.add('a3.md', false);
  t.is(pending.size, 10, 'bounded by paths, not events');
  await waitFor(() => due === 1, { timeout: 5000 });
  const batch = pending.take();
  t.is(batch.length, 10);
  t.deepEqual(batch.at(-1), { path: 'a3.md', deleted: true }, 'the last change comes last, with its state');
  t.is(pending.size, 0);
});

test('pending changes: a continuous stream is still due at the cap', async (t) => {
  let dueAt = null;
  const started = Date.now();
  const pending = createPendingChanges({ settleMs: 100, settleCapMs: 400 }, () => (dueAt ??= Date.now()));
  while (Date.now() - started < 1500 && dueAt === null) {
    pending.add('busy.md', true);
    await sleep(20);
  }
  t.truthy(dueAt, 'due although it never went quiet');
  t.true(dueAt! - started < 1400);
  pending.cancel();
});

/** A backend that delivers what the test says, and an executor whose calls the test finishes. */
function standIns() {
  const calls: { candidates: Candidate[]; finish: () => void }[] = [];
  const backend: WatchBackend = {
    kind: 'watchman',
    start: async () => ({ type: 'watching', watchRoot: '/nowhere' }),
    flush: async () => {},
    probe: async () => {},
    stop: async () => {},
    reconfigure: () => {},
    warnings: () => [],
  };
  const executor: Executor = {
    submit: (candidates: Candidate[]) =>
      new Promise<SubmitOutcome>((resolve) => calls.push({ candidates: [...candidates], finish: () => resolve({ applied: candidates.length, failed: [], reports: [], results: [], cancelled: [] }) })),
    pending: 0,
    inFlight: 0,
    // A stand-in: the monitor under test reads two of the stats.
    stats: () => ({ calls: calls.length, files: {} }) as unknown as ExecutorStats,
    failures: () => [],
    stop: async () => {},
  };
  return { calls, backend, executor };
}

function monitorWith(t: ExecutionContext, { catchUp, readConfig, pinConfig }: Partial<Pick<MonitorOptions, 'catchUp' | 'readConfig' | 'pinConfig'>> = {}) {
  const root = tempDir(t);
  const config = parseConfig({ monitoring: { settle_ms: 30, settle_cap_ms: 200 } }, root, null, {});
  const { calls, backend, executor } = standIns();
  const monitor = createMonitor({
    root,
    runDir: path.join(root, '.heimdall', 'run'),
    controlDir: '.heimdall/run',
    config,
    configFile: '.heimdall/config.yaml',
    readConfig: readConfig ?? (async () => config),
    backend,
    log: () => {},
    createExecutor: () => executor,
    catchUp: catchUp ?? (() => ({ done: Promise.resolve({ ok: true, summary: {} }), kill: () => {} })),
    ...(pinConfig === undefined ? {} : { pinConfig }),
  });
  t.teardown(() => monitor.stop(0));
  return { monitor, calls, root };
}

test('while a batch runs, new changes pile into the next one; wait resolves once both are applied', async (t) => {
  const { monitor, calls } = monitorWith(t);
  await monitor.start('c:1:1:1:1');
  monitor.onEvent({ type: 'change', path: '.heimdall/docs/a.md', exists: true });
  monitor.onEvent({ type: 'clock', clock: 'c:1:1:1:2' });
  await waitFor(() => calls.length === 1, { timeout: 5000 });
  for (const name of ['b', 'c', 'b']) monitor.onEvent({ type: 'change', path: `.heimdall/docs/${name}.md`, exists: true });
  monitor.onEvent({ type: 'change', path: '.heimdall/docs/not-docs.txt', exists: true });
  monitor.onEvent({ type: 'clock', clock: 'c:1:1:1:3' });
  const waited = monitor.waitApplied(10_000);
  await sleep(300);
  t.is(calls.length, 1, 'nothing more is submitted while the first batch runs');
  calls[0].finish();
  await waitFor(() => calls.length === 2, { timeout: 5000 });
  t.deepEqual(calls[1].candidates.map((c) => c.path), ['.heimdall/docs/c.md', '.heimdall/docs/b.md']);
  let resolved = false;
  void waited.then(() => (resolved = true));
  await sleep(100);
  t.false(resolved, 'not before the second batch is applied');
  calls[1].finish();
  t.deepEqual(await waited, { ok: true });
  t.is(monitor.status().appliedClock, 'c:1:1:1:3');
});

test('a failed catch-up is owed: wait does not claim success and the clock is not saved', async (t) => {
  const { monitor, root } = monitorWith(t, { catchUp: () => ({ done: Promise.resolve({ ok: false, error: 'sync broke' }), kill: () => {} }) });
  await monitor.start(null);
  monitor.onEvent({ type: 'fresh-instance', clock: 'c:1:1:1:5' });
  const result = await monitor.waitApplied(500);
  t.false(result.ok);
  t.regex((result as Extract<WaitResult, { ok: false }>).reason, /catch-up/);
  t.false(existsSync(path.join(root, '.heimdall', 'run', 'applied-clock.json')));
  const status = monitor.status();
  t.is(status.catchUp.state, 'retrying');
  t.true(status.warnings.some((w) => /catch-up/.test(w)));
});

/** A catch-up stand-in the test finishes by hand. */
function manualCatchUps() {
  const runs: { finish: () => void }[] = [];
  return {
    runs,
    catchUp: () => {
      let finish!: () => void;
      const done = new Promise<Awaited<CatchUpRun['done']>>((resolve) => (finish = () => resolve({ ok: true, summary: {} })));
      runs.push({ finish });
      return { done, kill: () => {} };
    },
  };
}

test('a change of the config file reloads it; wait covers the reload and the catch-up a new docs scope owes', async (t) => {
  const manual = manualCatchUps();
  let reads = 0;
  let root: string;
  const readConfig = async () => {
    reads++;
    return parseConfig({ monitoring: { target_path: ['.heimdall/docs', 'notes'], settle_ms: 30, settle_cap_ms: 200 } }, root, null, {});
  };
  const made = monitorWith(t, { catchUp: manual.catchUp, readConfig });
  root = made.root;
  const { monitor } = made;
  await monitor.start('c:1:1:1:1');
  t.deepEqual(await monitor.waitApplied(1000), { ok: true });
  monitor.onEvent({ type: 'change', path: '.heimdall/config.yaml', exists: true });
  monitor.onEvent({ type: 'clock', clock: 'c:1:1:1:2' });
  t.true(monitor.status().config.reloading);
  let result: WaitResult | null = null;
  void monitor.waitApplied(10_000).then((r) => (result = r));
  await waitFor(() => manual.runs.length === 1, { timeout: 5000, what: 'the catch-up of the new scope' });
  t.is(reads, 1);
  t.deepEqual(monitor.status().targetPaths, ['.heimdall/docs', 'notes']);
  await sleep(200);
  t.is(result, null, 'not before the catch-up is applied');
  manual.runs[0].finish();
  await waitFor(() => result !== null, { timeout: 5000, what: 'the wait' });
  t.deepEqual(result, { ok: true });
  t.like(monitor.status().config, { file: '.heimdall/config.yaml', reloading: false, error: null });
});

test('the config a job runs under is pinned at its start: a reload during a batch reaches the next job, not its children', async (t) => {
  const manual = manualCatchUps();
  const pins: string[][] = [];
  let root: string;
  const readConfig = async () => parseConfig({ monitoring: { target_path: ['.heimdall/docs', 'notes'], settle_ms: 30, settle_cap_ms: 200 } }, root, null, {});
  const made = monitorWith(t, { catchUp: manual.catchUp, readConfig, pinConfig: (config) => pins.push(config.monitoring.targetPaths) });
  root = made.root;
  const { monitor, calls } = made;
  await monitor.start('c:1:1:1:1');
  monitor.onEvent({ type: 'change', path: '.heimdall/docs/a.md', exists: true });
  await waitFor(() => calls.length === 1, { timeout: 5000, what: 'the batch' });
  t.deepEqual(pins, [['.heimdall/docs']], 'pinned as the batch starts');
  monitor.requestReload('SIGHUP');
  await waitFor(() => monitor.status().targetPaths.length === 2, { timeout: 5000, what: 'the reload' });
  await sleep(100);
  t.deepEqual(pins, [['.heimdall/docs']], "the running batch's children keep the config it started under");
  calls[0].finish();
  await waitFor(() => manual.runs.length === 1, { timeout: 5000, what: 'the catch-up the new scope owes' });
  t.deepEqual(pins, [['.heimdall/docs'], ['.heimdall/docs', 'notes']], 'the catch-up runs under the new config');
  manual.runs[0].finish();
  monitor.onEvent({ type: 'change', path: 'notes/n.md', exists: true });
  await waitFor(() => calls.length === 2, { timeout: 5000, what: 'the next batch' });
  calls[1].finish();
  t.deepEqual(await monitor.waitApplied(5000), { ok: true });
  t.is(pins.length, 2, 'an unchanged config is not written again');
});

test('an invalid config keeps the running one, shows the error until a valid one applies; SIGHUP takes the same path', async (t) => {
  let answer: Record<string, unknown> | null = null;
  let root: string;
  const readConfig = async () => {
    if (answer === null) throw new Error('cannot read the config: .heimdall/config.yaml: not valid YAML: unclosed');
    return parseConfig({ monitoring: answer }, root, null, {});
  };
  const made = monitorWith(t, { readConfig });
  root = made.root;
  const { monitor, calls } = made;
  await monitor.start('c:1:1:1:1');
  monitor.onEvent({ type: 'change', path: '.heimdall/config.yaml', exists: true });
  t.deepEqual(await monitor.waitApplied(5000), { ok: true }, 'a refused config is not a change still to apply');
  const status = monitor.status();
  t.regex(status.config.error!.message, /config\.yaml was not applied, the previous config keeps running: .*not valid YAML/);
  t.true(status.warnings.some((w) => /not valid YAML/.test(w)));
  t.regex(status.lastError!.message, /not valid YAML/);
  t.deepEqual(status.targetPaths, ['.heimdall/docs']);
  monitor.onEvent({ type: 'change', path: '.heimdall/docs/still.md', exists: true });
  await waitFor(() => calls.length === 1, { timeout: 5000, what: 'a batch under the old config' });
  calls[0].finish();
  answer = { settle_ms: 40, settle_cap_ms: 300 };
  monitor.requestReload('SIGHUP');
  t.deepEqual(await monitor.waitApplied(5000), { ok: true });
  t.is(monitor.status().config.error, null);
  t.deepEqual(monitor.status().settle, { settleMs: 40, settleCapMs: 300 });
  t.false(monitor.status().warnings.some((w) => /YAML/.test(w)));
});

test('the rotating log: never past max_bytes, `keep` files kept', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'logs', 'monitor.log');
  const log = createRotatingLog(file, { maxBytes: 1000, keep: 2 });
  for (let i = 0; i < 100; i++) log.write(`${String(i).padStart(3, '0')} ${'x'.repeat(95)}\n`);
  log.close();
  t.deepEqual(readdirSync(path.dirname(file)).sort(), ['monitor.log', 'monitor.log.1', 'monitor.log.2']);
  for (const name of ['monitor.log', 'monitor.log.1', 'monitor.log.2']) t.true(readFileSync(path.join(dir, 'logs', name)).length <= 1000);
  t.regex(readFileSync(file, 'utf8'), /^\d{3} x+\n/);
  t.true(readFileSync(file, 'utf8').includes('099 '), 'the newest line is in the live file');
});

test('the Watchman expression: one suffix term per extension, target paths, ignores, canaries', (t) => {
  const expression = watchmanExpression({
    // Only the keys the expression reads (the assertion still refuses a key the config does not have).
    monitoring: { targetPaths: ['docs', 'notes/a.md'], extensions: ['.md', '.markdown'], ignorePatterns: ['drafts', 'docs/private/', '{a,b}.md'] } as HeimdallConfig['monitoring'],
    controlDir: '.heimdall/run',
    configFile: '.heimdall/config.yaml',
  });
  const text = JSON.stringify(expression);
  t.true(text.includes('["suffix","md"]') && text.includes('["suffix","markdown"]'));
  t.true(text.includes('["dirname","docs"]') && text.includes('["name","notes/a.md","wholename"]'));
  t.true(text.includes('"**/node_modules/**"') && text.includes('"**/drafts/**"') && text.includes('"docs/private/**"'));
  t.false(text.includes('{a,b}'), 'a glob Watchman reads differently is left to the client-side matcher');
  t.true(text.includes('["dirname",".heimdall/run",["depth","eq",0]]'));
  t.true(text.includes('["name",".heimdall/config.yaml","wholename"]'), 'the config file, outside every target path');
  t.is(fnv1a64('a'), 'af63dc4c8601ec8c');
});

test("the config snapshot a monitor's children read: only for the monitor's own project", async (t) => {
  const { writeConfigSnapshot, configSnapshotVariable } = await import('../dist/config/config-snapshot.js');
  const { loadConfig } = await import('../dist/config/load-config.js');
  const root = tempDir(t);
  const other = tempDir(t);
  const file = path.join(root, 'snapshot.json');
  writeConfigSnapshot(file, parseConfig({ monitoring: { target_path: 'pinned' } }, root, null, {}));
  const env = { [configSnapshotVariable]: file };
  t.deepEqual(loadConfig(root, env).monitoring.targetPaths, ['pinned']);
  t.deepEqual(loadConfig(other, env).monitoring.targetPaths, ['.heimdall/docs'], 'another project reads its own config');
  t.deepEqual(loadConfig(root, { [configSnapshotVariable]: path.join(root, 'missing.json') }).monitoring.targetPaths, ['.heimdall/docs']);
});

test('the reconnecting state carries its attempt and its timer: a failed restart backs off, success resets it, leaving the state cancels the timer', async (t) => {
  const { createMonitorState } = await import('../dist/watch/monitor-state.js');
  const { createReconnectLoop } = await import('../dist/watch/reconnect-loop.js');
  const state = createMonitorState();
  const seen: string[] = [];
  const enter = state.enter;
  state.enter = (next) => (seen.push(next.phase === 'reconnecting' ? `${next.attempt}${next.timer === null ? '' : '+timer'}` : next.phase), enter(next));
  let starts = 0;
  const backend = { ...standIns().backend, start: async () => (++starts === 1 ? Promise.reject(new Error('refused')) : { type: 'watching' as const, watchRoot: '/w' }) };
  const loop = createReconnectLoop({ backend, onEvent: () => {}, since: () => null, state, resubscribed: () => {}, held: () => {}, poisoned: () => {}, fail: () => {}, log: () => {} });
  state.enter({ phase: 'watching', watchRoot: '/w' });
  loop.lost('closed');
  loop.lost('closed again');
  t.like(state.current, { phase: 'reconnecting', watchRoot: '/w', attempt: 1 }, 'one timer for both');
  await waitFor(() => state.current.phase === 'watching', { timeout: 5000 });
  t.deepEqual(seen, ['watching', '1+timer', '1', '2+timer', '2', 'watching'], 'the failed restart waits longer; the timer is dropped when it fires');
  loop.lost('closed');
  t.like(state.current, { phase: 'reconnecting', attempt: 1 }, 'a success resets the backoff');
  await loop.now();
  // Timers fire in order of their due time: this one (after the 250 ms of a first attempt) shows a cancelled one did not fire.
  await sleep(400);
  t.is(starts, 3, 'a restart at once (a new docs scope) replaces the scheduled one');
  loop.lost('closed');
  state.enter({ phase: 'stopping', watchRoot: '/w' });
  await sleep(400);
  t.is(starts, 3, 'none once stopping');
  t.is(loop.count, 3);
});
