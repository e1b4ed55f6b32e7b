// A delegated child that hangs is killed at its deadline and the change retried.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FailureEntry } from '../dist/contract/executor-stats.js';
import { processAlive } from '../dist/process/process-alive.js';
import { heimdall, makeProject, repoRoot } from './helpers/project.js';
import { monitorTools, privateWatchman } from './helpers/watchman-server.js';

const watchman = privateWatchman(test);
const wmTest = watchman.test;

const hangOnce = path.join(repoRoot, 'test', 'fixtures', 'watch', 'hang-once.js');

wmTest('a hanging load is killed at its deadline and the change applied on the retry', async (t) => {
  const config = [
    'executor:',
    `  load_command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(hangOnce)}]`,
    '  timeout_ms: 2000',
    '  retry: { base_ms: 100, cap_ms: 500, attempts: 5 }',
    '',
  ].join('\n');
  const project = makeProject(t, { config });
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  await m.start();
  await m.wait();
  project.write('.heimdall/docs/slow.md', '# Slow\n\nit took two tries\n');
  await m.wait(60);
  t.deepEqual(await m.sources(), ['.heimdall/docs/slow.md']);
  const hung = Number(readFileSync(path.join(project.root, '.heimdall', 'hang-once.pid'), 'utf8'));
  t.false(processAlive(hung), 'the hanging child was killed');
  const status = await m.status();
  t.true(status.stats.timeouts >= 1);
  t.true(status.stats.retries >= 1);
  t.is(status.failures.length, 0);
});

wmTest('paths the executor gives up on are owed, and a later full sync applies them: nothing is lost', async (t) => {
  const { createRequire } = await import('node:module');
  const Database = createRequire(import.meta.url)('better-sqlite3');
  const config = ['executor:', '  retry: { base_ms: 10, cap_ms: 20, attempts: 1 }', ''].join('\n');
  const project = makeProject(t, { config, docs: { 'first.md': '# First\n\nindexed before the lock\n' } });
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  await m.start();
  await m.wait();
  const db = new Database(path.join(project.root, '.heimdall', 'memory.db'));
  db.exec('BEGIN IMMEDIATE');
  let locked = true;
  t.teardown(() => locked && db.close());
  project.write('.heimdall/docs/late.md', '# Late\n\nwritten while the store was busy\n');
  const { waitFor } = await import('./helpers/project.js');
  await waitFor(async () => (await m.status()).failures.some((f: FailureEntry) => f.path === '.heimdall/docs/late.md'), { timeout: 60_000, what: 'the batch to give up' });
  const notCaughtUp = await heimdall(['monitor', 'wait', '--timeout', '1'], { cwd: project.root, env: watchman.server.env });
  t.is(notCaughtUp.exitCode, 1, 'wait must not claim success while changes are owed');
  db.exec('ROLLBACK');
  db.close();
  locked = false;
  await m.wait(90);
  t.deepEqual((await m.sources()).sort(), ['.heimdall/docs/first.md', '.heimdall/docs/late.md']);
});
