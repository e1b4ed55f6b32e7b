// The process toolkit (src/process/): the supervised spawn (own group, deadline, SIGTERM then SIGKILL after the
// grace, the exit hook), liveness from /proc (zombies and reused pids are gone), the one log rotation.
// Serial: the deadline tests block this process until a child is ready, and the exit hook test spawns a parent.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { processAlive, processIdentity } from '../dist/process/process-alive.js';
import { rotateLog } from '../dist/process/rotate-log.js';
import { groupAlive } from '../dist/process/signal-group.js';
import { spawnSupervised } from '../dist/process/spawn-supervised.js';
import { fixtureBin } from './helpers/executor-setup.js';
import { blockUntilExists, isAlive, killGroup, procState, readPids } from './helpers/process-tree.js';
import { tempDir, waitFor } from './helpers/project.js';

const fixture = (name: string) => [process.execPath, path.join(fixtureBin, name)];

function pgidOf(pid: number | 'self') {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** A temp dir, and teardown insurance: every pid that the named files list is SIGKILLed (group and pid). */
function scratch(t: ExecutionContext) {
  const dir = tempDir(t, 'heimdall-process-');
  const file = (name: string) => path.join(dir, name);
  const reap: string[] = [];
  t.teardown(() => {
    for (const name of reap) for (const pid of readPids(file(name))) killGroup(pid);
  });
  return { dir, file, reapLater: (...names: string[]) => reap.push(...names) };
}

test.serial('a deadline SIGTERMs the child; one that ignores SIGTERM is SIGKILLed once the grace has passed', async (t) => {
  const { dir, file, reapLater } = scratch(t);
  reapLater('ready');
  const started = Date.now();
  const run = spawnSupervised(fixture('ignore-term'), { cwd: dir, env: { ...process.env, FIXTURE_READY_FILE: file('ready') }, input: '', timeoutMs: 300, killGraceMs: 700 });
  // Its SIGTERM handler must be in place before our deadline fires, or SIGTERM alone would end it.
  blockUntilExists(file('ready'));
  const end = await run.done;
  t.like(end, { kind: 'exited', exitCode: null, signal: 'SIGKILL', timedOut: true, killed: true });
  t.true(Date.now() - started >= 300 + 700, 'SIGKILL waited for the grace period');
  t.false(isAlive(run.pid!));

  const polite = spawnSupervised(fixture('hang'), { cwd: dir, input: '', timeoutMs: 200, killGraceMs: 10_000 });
  t.like(await polite.done, { kind: 'exited', signal: 'SIGTERM', timedOut: true, killed: false });
});

test.serial('terminate() takes the whole group down, grandchild included; leftovers of an exited child go too', async (t) => {
  const { dir, file, reapLater } = scratch(t);
  reapLater('ready', 'grandchild', 'ready-2', 'grandchild-2');
  const env = (n: string) => ({ ...process.env, FIXTURE_READY_FILE: file(`ready${n}`), FIXTURE_GRANDCHILD_PID_FILE: file(`grandchild${n}`) });

  const run = spawnSupervised(fixture('grandchild'), { cwd: dir, env: env(''), input: '' });
  await waitFor(() => existsSync(file('ready')), { what: 'the child and its grandchild' });
  const [grandchild] = readPids(file('grandchild'));
  t.true(isAlive(run.pid!) && isAlive(grandchild));
  await run.terminate(2000);
  t.false(isAlive(run.pid!), 'the child is gone');
  t.false(isAlive(grandchild), 'the grandchild is gone');
  t.like(await run.done, { kind: 'exited', signal: 'SIGTERM', killed: false });

  // The child alone dies: what it left in its group must not outlive the call.
  const second = spawnSupervised(fixture('grandchild'), { cwd: dir, env: env('-2'), input: '' });
  await waitFor(() => existsSync(file('ready-2')), { what: 'the second child and its grandchild' });
  const [orphan] = readPids(file('grandchild-2'));
  process.kill(second.pid!, 'SIGKILL');
  t.like(await second.done, { kind: 'exited', signal: 'SIGKILL' });
  t.false(isAlive(orphan), 'the grandchild left in the group was killed before done settled');
});

test.serial('outside its own group (git calls), a deadline signals the child alone', async (t) => {
  const { dir } = scratch(t);
  const run = spawnSupervised(fixture('hang'), { cwd: dir, input: '', ownGroup: false, timeoutMs: 200, killGraceMs: 10_000 });
  t.is(pgidOf(run.pid!), pgidOf('self'), 'it shares our group');
  t.like(await run.done, { kind: 'exited', signal: 'SIGTERM', timedOut: true, killed: false });
});

test.serial("the exit hook SIGKILLs every registered group when the process exits; an `outlive` child is left alone", async (t) => {
  const { dir, file, reapLater } = scratch(t);
  reapLater('ready', 'grandchild', 'outlive');
  const module = JSON.stringify(new URL('../dist/process/spawn-supervised.js', import.meta.url).href);
  const script = `
    import { existsSync, writeFileSync } from 'node:fs';
    import { spawnSupervised } from ${module};
    const [node, grandchild, hang, ready, grandchildPids, outlivePids] = process.argv.slice(1);
    spawnSupervised([node, grandchild], { input: '', env: { ...process.env, FIXTURE_READY_FILE: ready, FIXTURE_GRANDCHILD_PID_FILE: grandchildPids } });
    const kept = spawnSupervised([node, hang], { input: '', outlive: true });
    writeFileSync(outlivePids, kept.pid + '\\n');
    while (!existsSync(ready)) await new Promise((resolve) => setTimeout(resolve, 20));
    process.exit(3);
  `;
  const parent = spawn(process.execPath, ['--input-type=module', '-e', script, process.execPath, fixture('grandchild')[1], fixture('hang')[1], file('ready'), file('grandchild'), file('outlive')], { cwd: dir, stdio: 'ignore' });
  const exited = await new Promise((resolve) => parent.once('exit', (code, signal) => resolve({ code, signal })));
  t.deepEqual(exited, { code: 3, signal: null });
  const [child] = readPids(file('ready'));
  const [grandchild] = readPids(file('grandchild'));
  const [outlive] = readPids(file('outlive'));
  t.truthy(child && grandchild && outlive);
  await waitFor(() => !isAlive(child) && !isAlive(grandchild), { timeout: 5000, what: 'the registered group to be gone' });
  t.true(isAlive(outlive), 'the outlive child was not in the exit hook');
});

test.serial('liveness: a zombie is gone, though kill(pid, 0) still finds it', async (t) => {
  const { dir, file } = scratch(t);
  const parent = spawnSupervised([path.join(fixtureBin, 'zombie')], { cwd: dir, env: { ...process.env, FIXTURE_ZOMBIE_PID_FILE: file('zombie') } });
  t.teardown(() => parent.terminate(0));
  await waitFor(() => readPids(file('zombie')).length === 1 && procState(readPids(file('zombie'))[0]) === 'Z', { what: 'the zombie' });
  const [zombie] = readPids(file('zombie'));
  t.notThrows(() => process.kill(zombie, 0), 'signal 0 alone would call it alive');
  t.false(processAlive(zombie));
  t.false(processAlive(processIdentity(zombie)));
  t.true(processAlive(parent.pid!), 'its parent, sleeping, is alive');
  t.true(groupAlive(parent.pid!));
});

test.serial('liveness: a pid now held by another process (another start time) is gone', async (t) => {
  const { dir } = scratch(t);
  const run = spawnSupervised(fixture('hang'), { cwd: dir, input: '' });
  t.teardown(() => run.terminate(0));
  const identity = processIdentity(run.pid!);
  t.true(Number.isInteger(identity.startTime));
  t.true(processAlive(identity));
  // The identity an earlier holder of this pid left behind: same pid, earlier start.
  t.false(processAlive({ pid: run.pid!, startTime: identity.startTime! - 1 }));
  await run.terminate(1000);
  t.false(processAlive(identity));
  // Gone from /proc once reaped, which Node does on SIGCHLD, a moment after the kill was seen.
  await waitFor(() => processIdentity(run.pid!).startTime === null, { what: 'the pid to leave /proc' });
});

test('the one log rotation: file.N-1 becomes file.N, the oldest beyond `keep` goes, keep 0 keeps nothing', (t) => {
  const dir = tempDir(t, 'heimdall-rotate-');
  const log = path.join(dir, 'x.log');
  for (const [name, text] of [['x.log', 'live'], ['x.log.1', 'one'], ['x.log.2', 'two']]) writeFileSync(path.join(dir, name), text);
  rotateLog(log, 2);
  t.false(existsSync(log));
  t.is(readFileSync(`${log}.1`, 'utf8'), 'live');
  t.is(readFileSync(`${log}.2`, 'utf8'), 'one');
  t.false(existsSync(`${log}.3`));
  writeFileSync(log, 'again');
  rotateLog(log, 0);
  t.false(existsSync(log));
  t.is(readFileSync(`${log}.1`, 'utf8'), 'live', 'keep 0 leaves the rotated files alone');
});
