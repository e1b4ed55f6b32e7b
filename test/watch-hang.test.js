// A delegated child that hangs is killed at its deadline and the change retried.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from '../dist/watch/monitor-client.js';
import { heimdall, makeProject, repoRoot } from './helpers/project.js';
import { monitorTools, startWatchmanServer, watchmanAvailable } from './helpers/watchman-server.js';

const wmTest = watchmanAvailable() ? test : test.skip;
let server;
test.before(async () => {
  if (watchmanAvailable()) server = await startWatchmanServer();
});
test.after.always(async () => {
  await server?.stop();
});

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
  const m = await monitorTools(t, project, server, { heimdall });
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
