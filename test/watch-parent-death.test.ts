// The parent-death path with the real monitor: `heimdall watch` SIGKILLed while its real `heimdall load` is
// inside a file's write (the store's one-shot stall seam, HEIMDALL_TEST_STALL_ONCE, carried by the monitor's
// environment to its loads). test/executor-real-load.test.js covers the same with a stand-in for the monitor.
import test from 'ava';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { memoryCounts } from './helpers/store-rows.js';
import { heimdall, makeProject, tempDir, waitFor } from './helpers/project.js';
import { childrenOf, isAlive } from './helpers/process-tree.js';
import { monitorTools, privateWatchman } from './helpers/watchman-server.js';

const watchman = privateWatchman(test);
const docName = (i: number) => `.heimdall/docs/f${String(i).padStart(2, '0')}.md`;

watchman.test('SIGKILL of the monitor while its real load is mid-write: the load is gone within a second, that file rolled back, the next monitor catches up', async (t) => {
  const count = 20;
  const stallAfter = 5;
  const project = makeProject(t);
  for (let i = 0; i < count; i++) project.write(docName(i), `# F${i}\n\nold ${i}\n`);
  t.is((await heimdall(['load', '.heimdall/docs'], { cwd: project.root })).exitCode, 0);
  const store = path.join(project.root, '.heimdall', 'memory.db');
  const seam = tempDir(t);
  const flag = path.join(seam, 'stall');
  const m = await monitorTools(t, project, watchman.server, { heimdall, env: { HEIMDALL_TEST_STALL_ONCE: flag } });
  const monitor = await m.start();
  await m.wait();
  const loadedBefore = (await m.status()).stats.files.loaded ?? 0;

  writeFileSync(flag, String(stallAfter));
  for (let i = 0; i < count; i++) project.write(docName(i), `# F${i}\n\nnew ${i}\n\n## More\n\nsecond\n`);
  const taken = await waitFor(() => readdirSync(seam).find((name) => /^stall\.\d+$/.test(name)), { timeout: 30_000, what: 'a load of the monitor to stall' });
  const load = Number(taken.slice('stall.'.length));
  t.true(childrenOf(monitor).some((child) => child.pid === load), `the stalled load ${load} is a child of the monitor ${monitor}`);
  t.false(existsSync(flag));
  // The edits may have reached the monitor in two batches: the calls before the stalled one committed all theirs.
  const loadedEarlier = ((await m.status()).stats.files.loaded ?? 0) - loadedBefore;

  process.kill(monitor, 'SIGKILL');
  const killedAt = Date.now();
  await waitFor(() => !isAlive(load), { timeout: 10_000, interval: 10, what: 'the orphaned load to exit' });
  t.true(Date.now() - killedAt < 1000, `the load exited ${Date.now() - killedAt} ms after the monitor died`);
  // The files written before the stall are new (and those of the calls before it); the one being written is old
  // again, as are the rest.
  const counts = memoryCounts(store);
  t.is(counts.length, count);
  t.is(counts.filter((n) => n === 2).length, loadedEarlier + stallAfter, JSON.stringify(counts));

  await m.start();
  await m.wait();
  t.deepEqual(memoryCounts(store), Array(count).fill(2), 'the next monitor caught up on the batch the killed one never applied');
});
