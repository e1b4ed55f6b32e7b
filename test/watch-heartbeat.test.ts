// The monitor's heartbeat: a frozen Watchman (SIGSTOP) is noticed within a deadline, reported as
// degraded, resubscribed, and caught up once it continues. Own file: it stops its private Watchman
// server, which the other files' tests must not see.
import test from 'ava';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../dist/config/parse-config.js';
import type { WaitResult } from '../dist/contract/control-protocol.js';
import type { ExecutorStats } from '../dist/contract/executor-stats.js';
import type { Candidate, Executor } from '../dist/executor/executor-types.js';
import type { RecallHit } from '../dist/recall/search-memories.js';
import { createMonitor } from '../dist/watch/create-monitor.js';
import type { WatchBackend } from '../dist/watch/watch-backend.js';
import { heartbeatFlushMs, heartbeatSeenMs } from '../dist/watch/heartbeat.js';
import { createWatchmanBackend } from '../dist/watch/watchman-backend.js';
import { heimdall, heimdallJson, makeProject, tempDir, waitFor } from './helpers/project.js';
import { monitorTools, privateWatchman, watchmanBinary, type MonitorTools } from './helpers/watchman-server.js';

const watchman = privateWatchman(test);
const wmTest = watchman.test;

// One heartbeat a second; a miss is declared at most 2 s (seen) + 3 s (flush) after the write.
const config = 'monitoring:\n  heartbeat_s: 1\n';
const missDeadlineMs = 1000 + 2000 + 3000;

const statusOf = async (m: MonitorTools) => {
  const s = await m.status();
  if (s.exitCode !== 0) throw new Error(`monitor status: exit ${s.exitCode}`);
  return s;
};

wmTest.serial('Watchman stopped (SIGSTOP): degraded within the deadline, wait refuses; continued: recovered, caught up, then wait returns 0', async (t) => {
  const project = makeProject(t, { config, docs: { 'before.md': '# Before\n\nindexed before the freeze\n' } });
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  await m.start();
  await m.wait();
  const first = await waitFor(async () => (await statusOf(m)).heartbeat.lastSeen, { timeout: 10_000, what: 'a first heartbeat' });
  t.regex(first.token, /^heartbeat-\d+-\d+$/);
  t.is((await statusOf(m)).degraded, null);

  watchman.server.freeze();
  let frozen = true;
  t.teardown(() => frozen && watchman.server.thaw());
  const frozenAt = Date.now();
  project.write('.heimdall/docs/frozen.md', '# Frozen\n\nwritten while Watchman was stopped: zanzibar\n');

  const degraded = await waitFor(async () => (await statusOf(m)).degraded, { timeout: missDeadlineMs + 4000, what: 'the monitor to report itself degraded' });
  t.log(`degraded after ${Date.now() - frozenAt} ms: ${degraded.reason}`);
  t.regex(degraded.reason, /heartbeat canary was not seen within 2000 ms/);
  const status = await statusOf(m);
  t.true(status.heartbeat.misses >= 1);
  t.true(status.catchUp.state !== 'none' || status.monitor.syncs >= 1);

  const [human, health, refused] = await Promise.all([
    m.run(['monitor', 'status']),
    m.run(['monitor', 'health', '--json', '--timeout', '1']),
    m.run(['monitor', 'wait', '--timeout', '2', '--json'], { timeout: 30_000 }),
  ]);
  t.regex(human.stdout, /^degraded: +since .*heartbeat canary was not seen/m);
  t.regex(human.stdout, /^heartbeat: +every 1 s, last seen /m);
  t.is(health.exitCode, 1, 'degraded');
  t.like(JSON.parse(health.stdout).checks.find((c: { name: string }) => c.name === 'heartbeat'), { ok: false });
  t.is(refused.exitCode, 1, 'no claim of success while the watcher is frozen');

  watchman.server.thaw();
  frozen = false;
  const thawedAt = Date.now();
  await waitFor(async () => (await statusOf(m)).degraded === null, { timeout: 60_000, what: 'the recovery' });
  t.log(`recovered ${Date.now() - thawedAt} ms after SIGCONT`);
  await m.wait(90);
  const hits = await heimdallJson(['search', 'zanzibar', '--project-root', project.root], { env: m.env });
  t.deepEqual(hits.json.hits.map((hit: RecallHit) => hit.path), ['.heimdall/docs/frozen.md']);
  const after = await statusOf(m);
  t.is(after.phase, 'watching');
  t.is(after.catchUp.state, 'done', 'the full reconcile owed by the miss ran');
  t.true(after.monitor.reconnects >= 1, 'resubscribed');
  t.true(after.monitor.syncs >= 2, 'the start-up catch-up, then the one owed by the miss');
  t.deepEqual(await m.sources(), ['.heimdall/docs/before.md', '.heimdall/docs/frozen.md'], 'no heartbeat canary is a doc');
  const healthy = await m.run(['monitor', 'health', '--json']);
  t.is(healthy.exitCode, 0, healthy.stdout);
  t.deepEqual(readdirSync(path.join(project.root, '.heimdall', 'docs')).sort(), ['before.md', 'frozen.md'], 'nothing written into the docs');
});

for (const backend of ['watchman', 'node']) {
  wmTest.serial(`${backend}: a healthy watcher: heartbeats are seen, never stored, the canary files removed`, async (t) => {
    const project = makeProject(t, { config, docs: { 'only.md': '# Only\n\nthe one doc\n' } });
    const m = await monitorTools(t, project, watchman.server, { heimdall });
    await m.start(['--backend', backend]);
    await m.wait();
    const first = await waitFor(async () => (await statusOf(m)).heartbeat.lastSeen, { timeout: 10_000, what: 'a first heartbeat' });
    await waitFor(async () => (await statusOf(m)).heartbeat.lastSeen.token !== first.token, { timeout: 10_000, what: 'a second heartbeat' });
    const status = await statusOf(m);
    t.is(status.backend, backend);
    t.is(status.heartbeat.misses, 0);
    t.is(status.degraded, null);
    t.true(status.heartbeat.lastSeen.ms < heartbeatSeenMs);
    t.deepEqual(await m.sources(), ['.heimdall/docs/only.md']);
    await m.run(['monitor', 'stop']);
    t.deepEqual(readdirSync(path.join(project.root, '.heimdall', 'run')).filter((name) => name.startsWith('canary.')), [], 'no canary left behind');
  });
}

/** This process's children whose command line includes `text` (live ones: a zombie has no command line). */
function childrenRunning(text: string) {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (ppid === process.pid && cmdline.includes(text)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

// Serial, and WATCHMAN_SOCK unset in this process only meanwhile: the other tests here run the CLI with their own env.
wmTest.serial('without WATCHMAN_SOCK: a reconnect to a stopped Watchman fails at its deadline and spawns no `watchman get-sockname` to hang with it', async (t) => {
  const dir = tempDir(t);
  // Users' setup: no WATCHMAN_SOCK, so fb-watchman asks the CLI where the server is (here: the private one).
  const cli = path.join(dir, 'watchman');
  writeFileSync(cli, `#!/bin/sh\nexec ${JSON.stringify(watchmanBinary)} -U ${JSON.stringify(watchman.server.sock)} "$@"\n`);
  chmodSync(cli, 0o755);
  const saved = process.env.WATCHMAN_SOCK;
  delete process.env.WATCHMAN_SOCK;
  let frozen = false;
  t.teardown(() => {
    if (frozen) watchman.server.thaw();
    if (saved !== undefined) process.env.WATCHMAN_SOCK = saved;
  });
  const project = makeProject(t);
  const backend = createWatchmanBackend({
    root: project.root,
    monitoring: parseConfig({}, project.root, null, {}).monitoring,
    controlDir: '.heimdall/run',
    configFile: '.heimdall/config.yaml',
    log: () => {},
    singleton: false,
    connectTimeoutMs: 2000,
    binaryPath: cli,
  });
  t.teardown(() => backend.stop());
  t.is((await backend.start(null, () => {})).type, 'watching');
  await backend.stop();

  watchman.server.freeze();
  frozen = true;
  const started = Date.now();
  await t.throwsAsync(() => backend.start(null, () => {}), { name: 'BackendUnavailableError', message: /no answer to watch-project within 2000 ms/ });
  t.true(Date.now() - started < 4000, 'bounded');
  t.deepEqual(childrenRunning('get-sockname'), [], 'nothing spawned that would hang until the server continues');

  watchman.server.thaw();
  frozen = false;
  t.is((await backend.start(null, () => {})).type, 'watching');
});

/**
 * A stand-in watcher for the monitor's logic: while `delivering`, it reports the control
 * directory's canaries whenever the monitor asks it anything (the probe after each write, a flush).
 */
function standInWatcher(runDir: string) {
  const watcher: { delivering: boolean; starts: number; monitor: ReturnType<typeof createMonitor> | null; deliver(): void; backend?: WatchBackend } = {
    delivering: true,
    starts: 0,
    monitor: null,
    deliver() {
      if (!watcher.delivering) return;
      for (const name of readdirSync(runDir)) if (name.startsWith('canary.')) watcher.monitor!.onEvent({ type: 'change', path: `.heimdall/run/${name}`, exists: true });
    },
  };
  watcher.backend = {
    kind: 'watchman',
    start: async () => {
      // Restarts are fresh instances, as with the Node backend (no clocks): the monitor owes a catch-up and pumps.
      if (watcher.starts++ > 0) watcher.monitor!.onEvent({ type: 'fresh-instance', clock: null });
      return { type: 'watching', watchRoot: '/nowhere' };
    },
    flush: async () => watcher.deliver(),
    probe: async () => void setTimeout(() => watcher.deliver(), 10),
    stop: async () => {},
    reconfigure: () => {},
    warnings: () => [],
  };
  return watcher;
}

test('a missed heartbeat: degraded and resubscribed; wait refuses and the owed catch-up waits until a heartbeat is seen again', async (t) => {
  const root = tempDir(t);
  const runDir = path.join(root, '.heimdall', 'run');
  const config = parseConfig({ monitoring: { heartbeat_s: 0.2 } }, root, null, {});
  const watcher = standInWatcher(runDir);
  const runs = [];
  // A stand-in: the monitor under test only submits (arrays) and reads two of the stats.
  const executor: Executor = { submit: async (batch: Candidate[]) => ({ applied: batch.length, failed: [], reports: [], results: [], cancelled: [] }), pending: 0, inFlight: 0, stats: () => ({ calls: 0, files: {} }) as unknown as ExecutorStats, failures: () => [], stop: async () => {} };
  const monitor = createMonitor({
    root,
    runDir,
    controlDir: '.heimdall/run',
    config,
    configFile: '.heimdall/config.yaml',
    readConfig: async () => config,
    backend: watcher.backend!,
    log: () => {},
    createExecutor: () => executor,
    catchUp: () => {
      runs.push(Date.now());
      return { done: Promise.resolve({ ok: true, summary: {} }), kill: () => {} };
    },
  });
  watcher.monitor = monitor;
  t.teardown(() => monitor.stop(0));
  await monitor.start('c:1:1:1:1');
  await waitFor(() => monitor.status().heartbeat.lastSeen, { timeout: 5000, what: 'a first heartbeat' });
  t.deepEqual(await monitor.waitApplied(2000), { ok: true });

  watcher.delivering = false;
  await waitFor(() => monitor.status().degraded, { timeout: 200 + heartbeatSeenMs + heartbeatFlushMs + 1000, what: 'degraded' });
  await waitFor(() => watcher.starts >= 2, { timeout: 5000, what: 'the resubscription' });
  // A change the stale watcher still reports: applied as usual, but it does not end the debt.
  monitor.onEvent({ type: 'change', path: '.heimdall/docs/during.md', exists: true });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const refused = await monitor.waitApplied(500);
  t.false(refused.ok);
  t.regex((refused as Extract<WaitResult, { ok: false }>).reason, /missed its heartbeat/);
  t.is(runs.length, 0, 'no catch-up while the watcher does not deliver: it would miss what changes after it');
  t.is(monitor.status().catchUp.state, 'none');

  watcher.delivering = true;
  await waitFor(() => monitor.status().degraded === null, { timeout: 10_000, what: 'the recovery' });
  t.deepEqual(await monitor.waitApplied(5000), { ok: true });
  t.is(runs.length, 1, 'the catch-up owed by the miss ran once the watcher delivered again');
  t.is(monitor.status().catchUp.state, 'done');
  t.true(monitor.status().heartbeat.misses >= 1);
  t.deepEqual(readdirSync(runDir).filter((name) => name.startsWith('canary.')), [], 'no canary left behind');
});

test('monitoring.heartbeat_s: 60 by default, fractions allowed, at least 0.1 s', (t) => {
  const root = '/nowhere';
  t.is(parseConfig({}, root, null, {}).monitoring.heartbeatS, 60);
  t.is(parseConfig({ monitoring: { heartbeat_s: 0.5 } }, root, null, {}).monitoring.heartbeatS, 0.5);
  for (const bad of [0, 0.05, -1, '60', true]) {
    t.throws(() => parseConfig({ monitoring: { heartbeat_s: bad } }, root, null, {}), { message: /monitoring\.heartbeat_s.*a number of seconds >= 0\.1/ }, JSON.stringify(bad));
  }
});
