// Watchman killed and restarted under a running monitor: it reconnects with backoff,
// re-asserts its singleton, and catches up what changed meanwhile. Own file: it kills
// its private Watchman server, which the other files' tests must not see.
import test from 'ava';
import { heimdall, makeProject, waitFor } from './helpers/project.js';
import { monitorTools, privateWatchman } from './helpers/watchman-server.js';

const watchman = privateWatchman(test);
const wmTest = watchman.test;

wmTest('Watchman killed and restarted: the monitor reconnects and misses nothing', async (t) => {
  const project = makeProject(t, { docs: { 'before.md': '# Before\n\nbefore the crash\n' } });
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  const pid = await m.start();
  await m.wait();
  t.deepEqual(await m.sources(), ['.heimdall/docs/before.md']);

  await watchman.server.kill('SIGKILL');
  project.write('.heimdall/docs/during.md', '# During\n\nwritten while Watchman was down\n');
  project.remove('.heimdall/docs/before.md');
  await waitFor(async () => (await m.status()).phase === 'reconnecting', { timeout: 20_000, what: 'the monitor to notice' });
  await watchman.server.restart();
  await waitFor(async () => (await m.status()).phase === 'watching', { timeout: 30_000, what: 'the reconnect' });
  await m.wait();
  t.deepEqual(await m.sources(), ['.heimdall/docs/during.md'], 'the fresh instance was caught up, the deletion included');

  project.write('.heimdall/docs/after.md', '# After\n\nafter the restart\n');
  await m.wait();
  t.deepEqual(await m.sources(), ['.heimdall/docs/after.md', '.heimdall/docs/during.md']);

  const status = await m.status();
  t.is(status.pid, pid, 'the same monitor');
  t.true(status.monitor.reconnects >= 1);
  t.is(status.catchUp.state, 'done');
  const second = await m.run(['watch'], { timeout: 30_000 });
  t.is(second.exitCode, 3, 'the singleton still holds');
  t.regex(second.stderr, new RegExp(`pid ${pid}`));
});
