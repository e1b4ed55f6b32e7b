// Exactly one monitor per project root: the process lock always, the Watchman state
// `heimdall.monitor` too when Watchman is the backend.
import test, { type ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { runtimePaths } from '../dist/config/runtime-paths.js';
import { acquireLock, queryLock } from '../dist/lock/process-lock.js';
import { connectWatchman } from '../dist/watch/watchman-connection.js';
import { processAlive } from '../dist/process/process-alive.js';
import { heimdall, heimdallBin, makeProject, waitFor, type DeclareTest } from './helpers/project.js';
import { monitorTools, startWatchmanServer, watchmanAvailable, type WatchmanServer } from './helpers/watchman-server.js';

const wmTest: DeclareTest = watchmanAvailable() ? test : test.skip;
let server: WatchmanServer | undefined;
test.before(async () => {
  if (watchmanAvailable()) {
    server = await startWatchmanServer();
    process.env.WATCHMAN_SOCK = server.sock;
  }
});
test.after.always(async () => {
  await server?.stop();
});

/** `heimdall watch` as a direct child (its pid is the monitor's), with its exit and stderr. */
function watch(t: ExecutionContext, root: string, extra: string[] = []) {
  const child = spawn(process.execPath, [heimdallBin, 'watch', '--project-root', root, ...extra], { env: { ...process.env, ...server!.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  // 'close', not 'exit': stderr may still hold unread output when the process has exited.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stderr })));
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, exited, stderr: () => stderr };
}

wmTest('20 concurrent `heimdall watch`: exactly one runs, the others exit 3 naming it', async (t) => {
  const project = makeProject(t);
  const m = await monitorTools(t, project, server!, { heimdall });
  const runs = Array.from({ length: 20 }, () => watch(t, project.root));
  const exits: { pid: number | undefined; code: number | null; signal: NodeJS.Signals | null; stderr: string }[] = [];
  for (const run of runs) run.exited.then((exit) => exits.push({ pid: run.child.pid, ...exit }));
  await waitFor(() => exits.length === 19, { timeout: 60_000, what: '19 of the 20 to exit' });
  const survivor = runs.find((run) => !exits.some((exit) => exit.pid === run.child.pid));
  t.truthy(survivor);
  await waitFor(async () => (await m.status()).phase === 'watching', { timeout: 20_000, what: 'the survivor to watch' });
  t.is((await m.status()).pid, survivor!.child.pid);
  for (const exit of exits) {
    t.is(exit.code, 3, `pid ${exit.pid}: ${exit.stderr}`);
    t.regex(exit.stderr, new RegExp(`already runs for .* \\(pid ${survivor!.child.pid}\\)`));
  }
  survivor!.child.kill('SIGTERM');
  t.is((await survivor!.exited).code, 0);
});

wmTest('SIGTERM leaves no process and no lock; the Watchman state is free again', async (t) => {
  const project = makeProject(t);
  const m = await monitorTools(t, project, server!, { heimdall });
  const pid = await m.start();
  process.kill(pid, 'SIGTERM');
  await waitFor(() => !processAlive(pid), { timeout: 20_000, what: 'the monitor to exit' });
  const { runDir } = runtimePaths(project.root);
  t.is(await queryLock(project.root, 'monitor', runDir), null);
  const lock = await acquireLock(project.root, 'monitor', runDir);
  t.true(lock.acquired, 'the lock can be taken at once');
  await (lock.acquired ? lock.lock.release() : undefined);
  const c = connectWatchman();
  t.teardown(() => c.close());
  const { watch: watchRoot } = await c.command(['watch-project', project.root]);
  await t.notThrowsAsync(() => c.command(['state-enter', watchRoot, { name: 'heimdall.monitor', sync_timeout: 1000 }]));
  t.is((await m.status()).exitCode, 3, '`monitor status` says not running');
});

wmTest('SIGKILL, then an immediate restart: the new monitor starts at once', async (t) => {
  const project = makeProject(t);
  const m = await monitorTools(t, project, server!, { heimdall });
  const first = await m.start();
  process.kill(first, 'SIGKILL');
  const second = await m.start();
  t.not(second, first);
  t.is((await m.status()).pid, second);
  project.write('.heimdall/docs/after-kill.md', '# After\n\nthe kill\n');
  await m.wait();
  t.deepEqual(await m.sources(), ['.heimdall/docs/after-kill.md']);
});

wmTest('the node backend and the Watchman backend exclude each other', async (t) => {
  const project = makeProject(t);
  const m = await monitorTools(t, project, server!, { heimdall });
  const pid = await m.start(['--backend', 'watchman']);
  const node = await watch(t, project.root, ['--backend', 'node']).exited;
  t.is(node.code, 3);
  t.regex(node.stderr, new RegExp(`pid ${pid}`));
});

wmTest('a Watchman state held elsewhere (another machine, another lock) stops a second monitor too', async (t) => {
  const project = makeProject(t);
  const c = connectWatchman();
  t.teardown(() => c.close());
  const { watch: watchRoot } = await c.command(['watch-project', project.root]);
  await c.command(['state-enter', watchRoot, { name: 'heimdall.monitor', sync_timeout: 1000 }]);
  const run = await watch(t, project.root).exited;
  t.is(run.code, 3);
  t.regex(run.stderr, /holds the Watchman state heimdall\.monitor/);
  const { runDir } = runtimePaths(project.root);
  t.is(await queryLock(project.root, 'monitor', runDir), null, 'and it let go of the process lock');
});
