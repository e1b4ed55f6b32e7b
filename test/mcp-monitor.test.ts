// `heimdall mcp` with a monitor (a private Watchman): answers wait for the monitor (`monitor wait`), a server
// with none starts one in the background, and ten servers on one project share that one monitor.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { heimdall, makeProject, waitFor } from './helpers/project.js';
import { monitorTools, privateWatchman, type MonitorTools } from './helpers/watchman-server.js';
import { connectStdio, textOf } from './helpers/mcp-client.js';

const watchman = privateWatchman(test);
const doc = (word: string) => `# About ${word}\n\nthe ${word} is here\n`;
// Generous bound: these tests are about which path keeps the answer fresh, not how fast on a loaded machine.
const config = 'mcp:\n  freshness_ms: 30000\n';

/** The pids of live `heimdall watch` processes for `root` (read from /proc; nothing is signalled). */
function monitorsOf(root: string) {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const at = argv.indexOf('watch');
      if (at > 0 && argv[at - 1].endsWith('heimdall.js') && argv.includes(root)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The project's monitor once it watches (started by a server), tracked for teardown. */
async function runningMonitor(monitor: MonitorTools, timeout: number) {
  const running = await waitFor(async () => {
    const status = await monitor.status();
    return status.running && status.phase === 'watching' ? status : null;
  }, { timeout, what: 'the monitor a server started' });
  monitor.track(running.pid);
  return running;
}

watchman.test('with a monitor running, a doc written just before a search is found by it, through the monitor', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': doc('anchor') }, config });
  const monitor = await monitorTools(t, project, watchman.server, { heimdall });
  const pid = await monitor.start();
  await monitor.wait();
  const mcp = await connectStdio(t, project.root, { env: watchman.server.env });
  project.write('.heimdall/docs/b.md', doc('bagpipe'));
  const found = await mcp.call('search', { query: 'bagpipe' });
  t.deepEqual(found.structuredContent.hits.map((hit) => hit.path), ['.heimdall/docs/b.md'], textOf(found));
  t.like(found.structuredContent.freshness, { fresh: true, via: 'monitor' });
  const memory = await mcp.call('remember', { title: 'Monitor indexed', text: 'the cormorant was remembered' });
  t.like(memory.structuredContent, { indexed: true, freshness: { via: 'monitor' } });
  t.deepEqual((await mcp.call('search', { query: 'cormorant' })).structuredContent.hits.map((hit) => hit.path), [memory.structuredContent.path]);
  const status = (await mcp.call('status')).structuredContent;
  t.like(status.monitor, { running: true, responding: true, pid, backend: 'watchman', phase: 'watching' });
  t.like(status.mcp.monitorLaunch, { state: 'idle' });
  t.deepEqual(monitorsOf(project.root), [pid]);
});

watchman.test('with none running, the server starts the monitor (mcp.start_monitor) and syncs by itself until it answers', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': doc('anchor') }, config });
  const monitor = await monitorTools(t, project, watchman.server, { heimdall });
  const mcp = await connectStdio(t, project.root, { env: watchman.server.env });
  project.write('.heimdall/docs/b.md', doc('bagpipe'));
  const first = await mcp.call('search', { query: 'bagpipe' });
  t.deepEqual(first.structuredContent.hits.map((hit) => hit.path), ['.heimdall/docs/b.md'], textOf(first));
  t.true(first.structuredContent.freshness.fresh);
  const running = await runningMonitor(monitor, 30_000);
  await waitFor(async () => (await mcp.call('status')).structuredContent.mcp.monitorLaunch.state === 'started', { timeout: 30_000, what: 'the launch reported' });
  project.write('.heimdall/docs/c.md', doc('clarinet'));
  const later = await mcp.call('search', { query: 'clarinet' });
  t.deepEqual(later.structuredContent.hits.map((hit) => hit.path), ['.heimdall/docs/c.md']);
  t.like(later.structuredContent.freshness, { fresh: true, via: 'monitor' });
  t.deepEqual(monitorsOf(project.root), [running.pid]);
});

watchman.test('ten heimdall mcp on one project: exactly one monitor, and every server answers fresh', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': doc('anchor') }, config });
  const monitor = await monitorTools(t, project, watchman.server, { heimdall });
  const servers = await Promise.all(Array.from({ length: 10 }, () => connectStdio(t, project.root, { env: watchman.server.env })));
  project.write('.heimdall/docs/b.md', doc('bagpipe'));
  const answers = await Promise.all(servers.map((mcp) => mcp.call('search', { query: 'bagpipe' })));
  for (const answer of answers) {
    t.deepEqual(answer.structuredContent.hits.map((hit) => hit.path), ['.heimdall/docs/b.md'], textOf(answer));
    t.true(answer.structuredContent.freshness.fresh);
  }
  const running = await runningMonitor(monitor, 60_000);
  // Every launch is over (`monitor start` said started or already running; idle: it found one up), none failed.
  const states = await waitFor(async () => {
    const all = await Promise.all(servers.map(async (mcp) => (await mcp.call('status')).structuredContent.mcp.monitorLaunch));
    return all.every((launch) => launch.state !== 'starting') ? all : null;
  }, { timeout: 60_000, what: 'every launch finished' });
  t.deepEqual(states.filter((launch) => launch.state === 'failed'), []);
  t.true(states.some((launch) => launch.state === 'started'));
  t.deepEqual(monitorsOf(project.root), [running.pid]);
  t.is((await monitor.status()).pid, running.pid);
  project.write('.heimdall/docs/c.md', doc('clarinet'));
  const again = await Promise.all(servers.map((mcp) => mcp.call('search', { query: 'clarinet' })));
  for (const answer of again) t.like(answer.structuredContent, { hits: [{ path: '.heimdall/docs/c.md' }], freshness: { fresh: true, via: 'monitor' } });
});
