// The monitor's heartbeat: a frozen Watchman (SIGSTOP) is noticed within a deadline, reported as
// degraded, resubscribed, and caught up once it continues. Own file: it stops its private Watchman
// server, which the other files' tests must not see.
import test from 'ava';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { heimdall, heimdallJson, makeProject, waitFor } from './helpers/project.js';
import { monitorTools, privateWatchman } from './helpers/watchman-server.js';

const watchman = privateWatchman(test);
const wmTest = watchman.test;

// One heartbeat a second; a miss is declared at most 2 s (seen) + 3 s (flush) after the write.
const config = 'monitoring:\n  heartbeat_s: 1\n';
const missDeadlineMs = 1000 + 2000 + 3000;

const statusOf = async (m) => {
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

  const human = await m.run(['monitor', 'status']);
  t.regex(human.stdout, /^degraded: +since .*heartbeat canary was not seen/m);
  t.regex(human.stdout, /^heartbeat: +every 1 s, last seen /m);
  const health = await m.run(['monitor', 'health', '--json', '--timeout', '1']);
  t.is(health.exitCode, 1, 'degraded');
  const checks = JSON.parse(health.stdout).checks;
  t.like(checks.find((c) => c.name === 'heartbeat'), { ok: false });
  const refused = await m.run(['monitor', 'wait', '--timeout', '2', '--json'], { timeout: 30_000 });
  t.is(refused.exitCode, 1, 'no claim of success while the watcher is frozen');

  watchman.server.thaw();
  frozen = false;
  const thawedAt = Date.now();
  await waitFor(async () => (await statusOf(m)).degraded === null, { timeout: 60_000, what: 'the recovery' });
  t.log(`recovered ${Date.now() - thawedAt} ms after SIGCONT`);
  await m.wait(90);
  const hits = await heimdallJson(['search', 'zanzibar', '--project-root', project.root], { env: m.env });
  t.deepEqual(hits.json.hits.map((hit) => hit.path), ['.heimdall/docs/frozen.md']);
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

wmTest.serial('a healthy watcher: heartbeats are seen, none outstanding for long, never stored, the canary files removed', async (t) => {
  const project = makeProject(t, { config, docs: { 'only.md': '# Only\n\nthe one doc\n' } });
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  await m.start();
  await m.wait();
  const first = await waitFor(async () => (await statusOf(m)).heartbeat.lastSeen, { timeout: 10_000, what: 'a first heartbeat' });
  await waitFor(async () => (await statusOf(m)).heartbeat.lastSeen.token !== first.token, { timeout: 10_000, what: 'a second heartbeat' });
  const status = await statusOf(m);
  t.is(status.heartbeat.misses, 0);
  t.is(status.degraded, null);
  t.true(status.heartbeat.lastSeen.ms < 2000);
  t.deepEqual(await m.sources(), ['.heimdall/docs/only.md']);
  await m.run(['monitor', 'stop']);
  t.deepEqual(readdirSync(path.join(project.root, '.heimdall', 'run')).filter((name) => name.startsWith('canary.')), [], 'no canary left behind');
});
