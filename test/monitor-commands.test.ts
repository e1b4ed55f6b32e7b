// `heimdall monitor start|stop|restart|status|health|wait` and `heimdall watch`'s own flags.
import test, { type ExecutionContext } from 'ava';
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from '../dist/process/process-alive.js';
import { heimdall, makeProject, repoRoot, waitFor, type Project } from './helpers/project.js';
import { monitorTools, privateWatchman } from './helpers/watchman-server.js';

const watchman = privateWatchman(test);
const wmTest = watchman.test;

const hangOnce = path.join(repoRoot, 'test', 'fixtures', 'watch', 'hang-once.js');
const hangingConfig = (timeoutMs: number) =>
  `executor:\n  load_command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(hangOnce)}]\n  timeout_ms: ${timeoutMs}\n`;

/** Kills the hang-once child, which (unlike `heimdall load`) does not stop when its parent dies. */
function killHungChild(t: ExecutionContext, project: Project) {
  t.teardown(() => {
    const file = path.join(project.root, '.heimdall', 'hang-once.pid');
    if (!existsSync(file)) return;
    try {
      process.kill(Number(readFileSync(file, 'utf8')), 'SIGKILL');
    } catch {
      // gone
    }
  });
}

wmTest('status: the live monitor as JSON and for people; "not running" when it is not', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': '# A\n\nalpha\n' } });
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  const down = await m.run(['monitor', 'status', '--json']);
  t.is(down.exitCode, 3);
  t.deepEqual(JSON.parse(down.stdout), { running: false, root: project.root });

  const pid = await m.start();
  await m.wait();
  project.write('.heimdall/docs/b.md', '# B\n\nbravo\n');
  await m.wait();
  const status = await m.status();
  t.is(status.exitCode, 0);
  t.like(status, { running: true, pid, backend: 'watchman', root: project.root, phase: 'watching', pending: 0, inFlight: 0, lastError: null });
  for (const key of ['startedAt', 'rssBytes', 'appliedClock', 'stats', 'failures', 'lastError', 'warnings', 'catchUp']) t.true(key in status, key);
  t.true(status.rssBytes > 10 * 1024 * 1024);
  t.regex(status.appliedClock, /^c:/);
  t.is(status.stats.files.loaded, 1, "the executor's stats: b.md");
  t.like(status.catchUp, { state: 'done', summary: { loaded: 1 } }, 'the catch-up (a `heimdall sync`) loaded a.md');
  const human = await m.run(['monitor', 'status']);
  t.regex(human.stdout, new RegExp(`running, watching \\(pid ${pid}, watchman backend\\)`));

  // Idempotent, as `systemctl start` is.
  const again = await m.run(['monitor', 'start']);
  t.is(again.exitCode, 0, again.stderr);
  t.regex(again.stdout, new RegExp(`already runs for .* \\(pid ${pid}\\): nothing to start`));
  const againJson = await m.run(['monitor', 'start', '--json']);
  t.is(againJson.exitCode, 0);
  t.like(JSON.parse(againJson.stdout), { started: false, state: 'already-running', pid, backend: 'watchman', root: project.root });
  t.is((await m.status()).pid, pid, 'the same monitor still runs');
});

wmTest('start: two at once both succeed and leave one monitor', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': '# A\n\nalpha\n' } });
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  const runs = await Promise.all([m.run(['monitor', 'start', '--json']), m.run(['monitor', 'start', '--json'])]);
  for (const run of runs) t.is(run.exitCode, 0, run.stderr);
  const replies = runs.map((run) => JSON.parse(run.stdout));
  for (const reply of replies) m.track(reply.pid);
  t.is(replies[0].pid, replies[1].pid, 'both name the one monitor');
  t.deepEqual(replies.map((reply) => reply.state).sort(), ['already-running', 'started']);
  t.is((await m.status()).pid, replies[0].pid);
});

wmTest('health: 0 healthy, 1 degraded (a stale .git/index.lock holds notifications back), 2 down', async (t) => {
  const project = makeProject(t);
  mkdirSync(path.join(project.root, '.git'));
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  t.is((await m.run(['monitor', 'health'])).exitCode, 2);
  await m.start();
  const healthy = await m.run(['monitor', 'health', '--json']);
  t.is(healthy.exitCode, 0, healthy.stdout);
  t.is(JSON.parse(healthy.stdout).health, 'healthy');
  // Healthy says the monitor watches; its clock is saved once the catch-up and a first clock meet, maybe a little later.
  const clockFile = path.join(project.root, '.heimdall', 'run', 'applied-clock.json');
  await waitFor(() => existsSync(clockFile), { what: 'the applied clock saved' });
  t.regex(JSON.parse(readFileSync(clockFile, 'utf8')).clock, /^c:/);

  const lock = path.join(project.root, '.git', 'index.lock');
  writeFileSync(lock, '');
  const old = new Date(Date.now() - 5 * 60_000);
  utimesSync(lock, old, old);
  const degraded = await m.run(['monitor', 'health', '--timeout', '2']);
  t.is(degraded.exitCode, 1, degraded.stdout);
  t.regex(degraded.stdout, /index\.lock has existed for \d+ s/);
  t.regex((await m.run(['monitor', 'status'])).stdout, /warning: .*index\.lock/);

  project.remove('.git/index.lock');
  t.is((await m.run(['monitor', 'health'])).exitCode, 0);
});

wmTest('wait: 3 without a monitor, 1 at its deadline while a change is still being applied', async (t) => {
  const project = makeProject(t, { config: hangingConfig(60_000) });
  killHungChild(t, project);
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  const none = await m.run(['monitor', 'wait', '--timeout', '2']);
  t.is(none.exitCode, 3);
  t.regex(none.stderr, /no heimdall monitor runs/);
  await m.start();
  await m.wait();
  project.write('.heimdall/docs/stuck.md', '# Stuck\n\nits load hangs\n');
  const started = Date.now();
  const timedOut = await m.run(['monitor', 'wait', '--timeout', '2']);
  t.is(timedOut.exitCode, 1, timedOut.stderr);
  t.true(Date.now() - started < 15_000);
  t.regex(timedOut.stderr, /not every change was applied within 2 s/);
  // The timeout says only "not applied yet": on a busy machine the change may still be settling, not yet running.
  await waitFor(async () => (await m.status()).inFlight === 1, { timeout: 20_000, what: 'the hanging load in flight' });
});

wmTest('stop: SIGTERM; SIGKILL after the grace period; waits until the monitor is gone', async (t) => {
  const project = makeProject(t, { config: hangingConfig(60_000) });
  killHungChild(t, project);
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  t.regex((await m.run(['monitor', 'stop'])).stdout, /no heimdall monitor runs/);

  let pid = await m.start();
  const stopped = await m.run(['monitor', 'stop', '--json']);
  t.is(stopped.exitCode, 0);
  t.like(JSON.parse(stopped.stdout), { stopped: true, pid, killed: false });
  t.false(processAlive(pid));

  // A batch whose child hangs keeps the monitor busy past a 1 s grace: it gets SIGKILLed.
  pid = await m.start();
  await m.wait();
  project.write('.heimdall/docs/stuck.md', '# Stuck\n');
  await waitFor(async () => (await m.status()).inFlight === 1, { timeout: 20_000, what: 'the hanging batch' });
  const killed = await m.run(['monitor', 'stop', '--grace', '1', '--json']);
  t.is(killed.exitCode, 0, killed.stderr);
  t.like(JSON.parse(killed.stdout), { stopped: true, pid });
  t.false(processAlive(pid));
  t.is((await m.status()).exitCode, 3);
});

wmTest('restart: a new monitor, still watching; the log is rotated at logging.max_bytes', async (t) => {
  const project = makeProject(t, { config: 'logging:\n  max_bytes: 1024\n  keep: 2\n' });
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  const first = await m.start();
  const restarted = await m.run(['monitor', 'restart']);
  t.is(restarted.exitCode, 0, restarted.stderr);
  const status = await m.status();
  t.not(status.pid, first);
  t.is(status.phase, 'watching');
  for (let i = 0; i < 8; i++) {
    project.write(`.heimdall/docs/doc-${i}.md`, `# Doc ${i}\n\nnumber ${i}\n`);
    await m.wait();
  }
  const logs = path.join(project.root, '.heimdall', 'logs');
  t.true(existsSync(path.join(logs, 'monitor.log.1')));
  t.true(existsSync(path.join(logs, 'monitor.log.2')));
  t.false(existsSync(path.join(logs, 'monitor.log.3')), 'keep: 2');
  t.true(statSync(path.join(logs, 'monitor.log.1')).size <= 1024 + 400);
});

test('watch: an unknown flag or argument is a usage error (exit 2); --help goes to yargs', async (t) => {
  const project = makeProject(t);
  const unknown = await heimdall(['watch', '--bogus', '--project-root', project.root]);
  t.is(unknown.exitCode, 2);
  t.regex(unknown.stderr, /heimdall watch: Unknown option '--bogus'/);
  const extra = await heimdall(['watch', 'extra', '--project-root', project.root]);
  t.is(extra.exitCode, 2);
  const backend = await heimdall(['watch', '--backend', 'inotify', '--project-root', project.root]);
  t.is(backend.exitCode, 2);
  t.regex(backend.stderr, /--backend must be auto, watchman or node/);
  const help = await heimdall(['watch', '--help']);
  t.is(help.exitCode, 0);
  t.regex(help.stdout, /--backend/);
});
