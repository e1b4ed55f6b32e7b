// Alone in its file: killAllChildrenSync kills every child of this process, other tests' included.
import test from 'ava';
import { killAllChildrenSync } from '../dist/process/kill-all-children-sync.js';
import { loads, setupExecutor, startParent } from './helpers/executor-setup.js';
import { isAlive, killGroup, readPids } from './helpers/process-tree.js';
import { waitFor } from './helpers/project.js';

test.serial('killAllChildrenSync SIGKILLs every live child group at once', async (t) => {
  const { executor, file } = setupExecutor(t, { load: ['grandchild'], executor: { retry: { attempts: 1 } }, env: { FIXTURE_PID_FILE: 'pid', FIXTURE_GRANDCHILD_PID_FILE: 'grandchild-pid' } });
  t.teardown(() => [...readPids(file('pid')), ...readPids(file('grandchild-pid'))].forEach(killGroup));
  const outcome = executor.submit(loads('a.md'));
  await waitFor(() => readPids(file('grandchild-pid')).length === 1, { what: 'the grandchild to start' });
  t.is(killAllChildrenSync(), 1);
  t.regex((await outcome).failed[0].message, /killed by SIGKILL/);
  const pids = [...readPids(file('pid')), ...readPids(file('grandchild-pid'))];
  await waitFor(() => pids.every((pid) => !isAlive(pid)), { what: 'child and grandchild to be gone' });
  t.is(killAllChildrenSync(), 0);
});

test.serial('a caller that exits without stop() still takes the child group down (the executor\'s exit hook)', async (t) => {
  const { parent, files, exited } = await startParent(t, 'grandchild', { exitHook: false });
  await waitFor(() => readPids(files.grandchild).length === 1, { what: 'the grandchild to start' });
  const pids = [...readPids(files.pid), ...readPids(files.grandchild)];
  t.true(pids.every(isAlive));
  parent.kill('SIGUSR2');
  t.deepEqual(await exited, { code: 3, signal: null });
  await waitFor(() => pids.every((pid) => !isAlive(pid)), { timeout: 5000, what: 'the child group to be gone' });
  t.pass();
});
