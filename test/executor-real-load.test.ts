// The executor's default commands: the real `heimdall load` / `remove-file` through the current node.
import test, { type ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseConfig } from '../dist/config/parse-config.js';
import { createExecutor } from '../dist/executor/create-executor.js';
import { fixtureBin } from './helpers/executor-setup.js';
import { childrenOf, isAlive, killGroup } from './helpers/process-tree.js';
import { heimdall, heimdallBin, heimdallJson, makeProject, waitFor } from './helpers/project.js';
import { memoryCounts } from './helpers/store-rows.js';

test('the default commands apply a batch through the real heimdall load and remove-file', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': '# A\n\nAlpha text.\n', 'b.md': '# B\n\nBeta text.\n', 'with space.md': '# S\n\nSpaced.\n' } });
  const logs: string[] = [];
  const executor = createExecutor({ config: parseConfig({}, project.root, null, {}), log: (line) => logs.push(line) });
  t.teardown(() => executor.stop(0));
  const docs = (name: string) => `.heimdall/docs/${name}`;

  const first = await executor.submit(['a.md', 'b.md', 'with space.md'].map((name) => ({ path: docs(name), deleted: false })));
  t.deepEqual(first.failed, [], logs.join('\n'));
  t.deepEqual(first.results.map((r) => [r.path, r.action]), [[docs('a.md'), 'loaded'], [docs('b.md'), 'loaded'], [docs('with space.md'), 'loaded']]);

  project.remove(docs('b.md'));
  const second = await executor.submit([{ path: docs('b.md'), deleted: true }, { path: docs('a.md'), deleted: false }]);
  t.deepEqual(second.results.map((r) => [r.path, r.action]), [[docs('b.md'), 'removed'], [docs('a.md'), 'unchanged']]);
  // One call for the second batch: heimdall's own load removes b.md (executor-one-call.test.js).
  t.is(executor.stats().calls, 2);
  t.true(logs.every((line) => !line.includes('configuration error')));
});

// --- The parent-death path of the real `load` (and of a `sync` started the way the monitor starts its catch-up). ---

const Database = createRequire(import.meta.url)('better-sqlite3');
const docName = (i: number) => `.heimdall/docs/f${String(i).padStart(3, '0')}.md`;

/** A project of `count` indexed docs, each then rewritten (old: 1 memory, new: 2), so that a load has `count` writes to do. */
async function rewrittenProject(t: ExecutionContext, count: number) {
  const project = makeProject(t);
  for (let i = 0; i < count; i++) project.write(docName(i), `# F${i}\n\nold ${i}\n`);
  const first = await heimdall(['load', '.heimdall/docs'], { cwd: project.root });
  t.is(first.exitCode, 0, first.stderr);
  for (let i = 0; i < count; i++) project.write(docName(i), `# F${i}\n\nnew ${i}\n\n## More\n\nsecond\n`);
  return { project, store: path.join(project.root, '.heimdall', 'memory.db') };
}

/** True while some connection holds the store's write lock (a load inside a file's transaction). */
function writeLocked(store: string) {
  const db = new Database(store, { timeout: 0 });
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    db.close();
  }
}

/** Waits until `stallAfter` files are committed and the next one's transaction is open (the test seam's stall). */
async function waitMidWrite(store: string, stallAfter: number) {
  await waitFor(() => memoryCounts(store).filter((n: number) => n === 2).length === stallAfter && writeLocked(store), {
    timeout: 30_000,
    interval: 50,
    what: `the load to stall inside the write of file ${stallAfter + 1}`,
  });
}

async function goneWithin(t: ExecutionContext, pids: number[], ms: number, what: string) {
  const killedAt = Date.now();
  await waitFor(() => pids.every((pid) => !isAlive(pid)), { timeout: 10_000, interval: 10, what });
  const took = Date.now() - killedAt;
  t.true(took < ms, `${what}: ${took} ms after the parent died`);
}

test('SIGKILL of the executor\'s process while its real `heimdall load` is mid-write: the load is gone within a second, that file rolled back', async (t) => {
  const count = 30;
  const stallAfter = 10;
  const { project, store } = await rewrittenProject(t, count);
  const paths = Array.from({ length: count }, (_, i) => docName(i));
  // The stand-in for the monitor: a process running the executor with the default commands (the real load).
  const parent = spawn(process.execPath, [path.join(fixtureBin, 'executor-parent.js'), JSON.stringify({ root: project.root, paths })], {
    env: { ...process.env, HEIMDALL_TEST_STALL_AFTER: String(stallAfter) },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => parent.once('exit', resolve));
  const reap: number[] = [];
  t.teardown(() => [parent.pid!, ...reap].forEach(killGroup));
  await waitMidWrite(store, stallAfter);
  const children = childrenOf(parent.pid!).map((child) => child.pid);
  t.is(children.length, 1, 'one delegated load');
  reap.push(...children);

  parent.kill('SIGKILL');
  await exited;
  await goneWithin(t, children, 1000, 'the orphaned load');

  // The ten committed files are new; the one being written when the load died is old again, as are the rest.
  t.deepEqual(memoryCounts(store), [...Array(stallAfter).fill(2), ...Array(count - stallAfter).fill(1)]);
  const again = await heimdallJson(['load', '.heimdall/docs'], { cwd: project.root });
  t.like(again.json.summary, { unchanged: stallAfter, loaded: count - stallAfter, failed: 0 });
});

test('SIGKILL of the process that started `heimdall sync` with HEIMDALL_PARENT_PID (as the monitor starts its catch-up): the sync and its load go too', async (t) => {
  const count = 20;
  const stallAfter = 5;
  const { project, store } = await rewrittenProject(t, count);
  const starter = `const { spawn } = require('node:child_process');
const sync = spawn(process.execPath, [${JSON.stringify(heimdallBin)}, 'sync', '--json', '--project-root', ${JSON.stringify(project.root)}],
  { env: { ...process.env, HEIMDALL_PARENT_PID: String(process.pid) }, stdio: 'ignore' });
setInterval(() => {}, 1 << 30);`;
  const parent = spawn(process.execPath, ['-e', starter], { env: { ...process.env, HEIMDALL_TEST_STALL_AFTER: String(stallAfter) }, stdio: 'ignore' });
  const exited = new Promise((resolve) => parent.once('exit', resolve));
  const reap: number[] = [];
  t.teardown(() => [parent.pid!, ...reap].forEach(killGroup));
  await waitMidWrite(store, stallAfter);
  const [sync] = childrenOf(parent.pid!).map((child) => child.pid);
  const loads = childrenOf(sync).map((child) => child.pid);
  t.is(loads.length, 1, 'the sync delegated one load');
  reap.push(sync, ...loads);

  parent.kill('SIGKILL');
  await exited;
  // The sync notices within ~100 ms, its load ~100 ms after that.
  await goneWithin(t, [sync, ...loads], 1500, 'the sync and its load');
  t.deepEqual(memoryCounts(store), [...Array(stallAfter).fill(2), ...Array(count - stallAfter).fill(1)]);
});
