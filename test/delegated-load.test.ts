// `load` / `remove-file` as the executor runs them: the lean entry (src/cli/delegated-main.ts) loads only what the
// call uses, answers every argv as the yargs CLI would, and starts the parent watchdog only before what can block.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { execa, type Result } from 'execa';
import { configSnapshotVariable, writeConfigSnapshot } from '../dist/config/config-snapshot.js';
import { configTemplate } from '../dist/config/defaults.js';
import { loadConfig } from '../dist/config/load-config.js';
import type { LoadReport } from '../dist/contract/load-report.js';
import { storeOpensQuickly } from '../dist/load/store-opens-quickly.js';
import { fixtureBin } from './helpers/executor-setup.js';
import { childrenOf, isAlive, killGroup } from './helpers/process-tree.js';
import { heimdall, heimdallBin, makeProject, repoRoot, tempDir, waitFor, type Project } from './helpers/project.js';

const Database = createRequire(import.meta.url)('better-sqlite3');
const docs = (name: string) => `.heimdall/docs/${name}`;
const preload = path.join(repoRoot, 'test', 'helpers', 'loaded-scripts-at-exit.cjs');
const delegatedArgv = (root: string) => ['load', '--project-root', root, '--files-from', '-', '-0', '--json'];

/** An indexed project with a config.yaml, its docs older than the racy window (a load of them writes nothing). */
async function indexedProject(t: ExecutionContext) {
  const project = makeProject(t, { docs: { 'a.md': '# A\n\nalpha\n', 'b.md': '# B\n\nbeta\n' }, config: configTemplate() });
  const old = new Date(Date.now() - 3600_000);
  for (const name of ['a.md', 'b.md']) utimesSync(path.join(project.docsDir, name), old, old);
  const first = await heimdall(['load', '.heimdall/docs'], { cwd: project.root });
  t.is(first.exitCode, 0, first.stderr);
  const snapshot = path.join(project.root, '.heimdall', 'snapshot.json');
  writeConfigSnapshot(snapshot, loadConfig(project.root));
  return { project, snapshot };
}

/**
 * Runs the executor's call with the preload; returns the report, the project's and packages' scripts it compiled and
 * how many worker threads it started.
 */
async function tracedCall(t: ExecutionContext, project: Project, input: string, env: NodeJS.ProcessEnv) {
  const list = path.join(tempDir(t), 'scripts.json');
  const run = await execa(process.execPath, ['--require', preload, heimdallBin, ...delegatedArgv(project.root)], {
    cwd: project.root,
    input,
    env: { HEIMDALL_PARENT_PID: String(process.pid), LOADED_SCRIPTS_FILE: list, ...env },
    reject: false,
  });
  t.is(run.exitCode, 0, run.stderr);
  const { scripts, workers, builtins }: { scripts: string[]; workers: number; builtins: string[] } = JSON.parse(readFileSync(list, 'utf8'));
  const report: LoadReport = JSON.parse(run.stdout);
  return { report, scripts: scripts.map((file) => path.relative(repoRoot, file)), workers, builtins };
}

// The main thread of a process sleeping in SQLite's busy handler (nanosleep), not in Node's event loop (epoll).
const inBusyWait = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/wchan`, 'utf8').includes('nanosleep');
  } catch {
    return false;
  }
};

const loaded = (scripts: string[], pattern: RegExp) => scripts.some((file) => pattern.test(file));

test("the executor's load call: no yargs; no YAML parser with the monitor's snapshot; no markdown parser, no file read, no hash while nothing changed; no watchdog thread", async (t) => {
  const { project, snapshot } = await indexedProject(t);
  const input = `${docs('a.md')}\0${docs('b.md')}\0`;

  const monitorChild = await tracedCall(t, project, input, { [configSnapshotVariable]: snapshot });
  t.like(monitorChild.report.summary, { unchanged: 2, failed: 0 });
  const { scripts } = monitorChild;
  // The bundled entry answered (scripts/bundle-lean.js): heimdall's own modules are inside it, not loaded one by one.
  t.true(loaded(scripts, /^dist\/lean\/delegated-main\.cjs$/) && loaded(scripts, /better-sqlite3\//), scripts.join('\n'));
  for (const heavy of [/\/yargs\//, /\/yaml\//, /\/mdast-/, /\/micromark/, /\/commonmark\//, /\/pg\//, /^dist\/cli\/main\.js$/, /^dist\/(config|markdown|store|load|paths)\//]) {
    t.false(loaded(scripts, heavy), `loaded ${heavy}`);
  }
  t.is(monitorChild.workers, 0);
  // Files whose stat is the stored one are not read (sync's fast path): no hash, so no node:crypto; nothing spawned.
  for (const builtin of ['crypto', 'child_process']) t.false(monitorChild.builtins.includes(builtin), `loaded node:${builtin}`);
  // The bin, route.cjs and the bundle are CommonJS: no ES module loader ran (~14 ms a call).
  t.false(monitorChild.builtins.includes('internal/modules/esm/module_job'), 'the ES module loader ran');

  // A hook's or sync's child has no snapshot: it parses config.yaml. A changed file loads the parser, and the
  // writes start the watchdog.
  project.write(docs('a.md'), '# A\n\nalpha, edited\n');
  project.remove(docs('b.md'));
  const syncChild = await tracedCall(t, project, input, {});
  t.like(syncChild.report.summary, { loaded: 1, removed: 1, failed: 0 });
  t.true(loaded(syncChild.scripts, /\/commonmark\//), 'the markdown parser, for the changed file');
  t.true(loaded(syncChild.scripts, /\/yaml\//), 'its front matter reader');
  t.false(loaded(syncChild.scripts, /\/yargs\//));
  t.is(syncChild.workers, 1);
  t.true(syncChild.builtins.includes('crypto'), 'the edited file hashed');
});

/** The same argv through the lean route and straight through the yargs CLI (cli/main.ts). */
async function bothWays(root: string, args: string[], input?: string) {
  const normalize = (run: Result<{ reject: false }>) => {
    let stdout = run.stdout;
    try {
      stdout = JSON.stringify({ ...JSON.parse(stdout), durationMs: 0 });
    } catch {
      // not JSON: compared as printed, but for the duration in the human summary
      stdout = stdout.replace(/\d+ ms/g, 'N ms');
    }
    return { exitCode: run.exitCode, stdout, stderr: run.stderr };
  };
  const options = { cwd: root, input: input ?? '', reject: false, env: { HEIMDALL_ARGS: JSON.stringify(args) } };
  const routed = await execa(process.execPath, [heimdallBin, ...args], options);
  const main = pathToFileURL(path.join(repoRoot, 'dist', 'cli', 'main.js')).href;
  const yargs = await execa(process.execPath, ['--input-type=module', '-e', `process.exitCode = await (await import(${JSON.stringify(main)})).main(JSON.parse(process.env.HEIMDALL_ARGS))`], options);
  return { routed: normalize(routed), yargs: normalize(yargs) };
}

test('every argv answers as the yargs CLI would, whether the lean route takes it or hands it on', async (t) => {
  const { project } = await indexedProject(t);
  const root = project.root;
  const cases: [args: string[], input?: string][] = [
    [['load', '--files-from', '-', '-0', '--json'], `${docs('a.md')}\0`],
    [['remove-file', '--project-root', root, '--files-from', '-', '-0', '--json'], `${docs('never-stored.md')}\0`],
    [['--project-root', root, 'load', '--json', docs('a.md'), '--', '-n.md']],
    [['load', '--json', '../outside.md', 'notes.txt']],
    [['load', '--files-from', '-', '--json'], `${docs('a.md')}\n${docs('b.md')}\n`],
    [['load', '--json']],
    [['load', '--json', '--files-from', path.join(root, 'no-such-list')]],
    [['load', '--json', '--project-root', path.join(root, 'no-such-dir'), 'a.md']],
    [['load', '--json', '--files-from=', 'a.md']],
    [['load', '--json', '--json', docs('a.md')]],
    [['load', '--filesFrom', '-', '--json'], `${docs('a.md')}\n`],
    [['load', docs('a.md')]],
    [['load', '--help']],
    [['remove-file', '-h']],
    [['--', 'load', '--json', docs('a.md')]],
    [['load', '--json', '--no-json', docs('a.md')]],
  ];
  for (const [args, input] of cases) {
    const { routed, yargs } = await bothWays(root, args, input);
    t.deepEqual(routed, yargs, `heimdall ${args.join(' ')}`);
  }
});

test('reconcilePaths asks for the watchdog before a write, a parse or a walk, never for files that are merely unchanged', async (t) => {
  const { Store } = await import('../dist/store/store.js');
  const { reconcilePaths } = await import('../dist/load/reconcile-paths.js');
  const { SqliteBackend } = await import('../dist/store/sqlite-backend.js');
  const { project } = await indexedProject(t);
  const config = loadConfig(project.root);
  const callsFor = async (inputs: string[]) => {
    const store = new Store(path.join(project.root, '.heimdall', 'memory.db'));
    let asked = 0;
    try {
      const results = await reconcilePaths(new SqliteBackend(store), inputs, { config, cwd: project.root, mode: 'load', beforeBlocking: () => asked++ });
      return { asked, actions: results.map((r) => r.action) };
    } finally {
      store.close();
    }
  };
  t.deepEqual(await callsFor([docs('a.md'), docs('b.md')]), { asked: 0, actions: ['unchanged', 'unchanged'] });
  // Even a path never stored: its removal is a write transaction, which may wait for the write lock.
  t.like(await callsFor([docs('never.md')]), { actions: ['absent'] });
  t.true((await callsFor(['.heimdall/docs'])).asked > 0, 'a walk');
  project.write(docs('a.md'), '# A\n\nalpha, edited\n');
  const changed = await callsFor([docs('a.md')]);
  t.like(changed, { actions: ['loaded'] });
  t.true(changed.asked > 0, 'a parse and a write');
  project.remove(docs('b.md'));
  const removal = await callsFor([docs('b.md')]);
  t.like(removal, { actions: ['removed'] });
  t.true(removal.asked > 0, 'a removal writes');
  // Its stat changed, its content did not: the stat is refreshed, a write.
  utimesSync(path.join(project.docsDir, 'a.md'), new Date(), new Date());
  const touched = await callsFor([docs('a.md')]);
  t.like(touched, { actions: ['unchanged'] });
  t.true(touched.asked > 0, 'a stat refresh writes');
});

test('storeOpensQuickly: only a WAL store at the current schema version', async (t) => {
  const dir = tempDir(t);
  t.false(storeOpensQuickly(path.join(dir, 'missing.db')));
  const { project } = await indexedProject(t);
  const store = path.join(project.root, '.heimdall', 'memory.db');
  t.true(storeOpensQuickly(store));
  const older = path.join(dir, 'older.db');
  writeFileSync(older, readFileSync(store));
  const db = new Database(older);
  db.pragma('user_version = 1');
  db.close();
  t.false(storeOpensQuickly(older));
  const rollback = new Database(path.join(dir, 'rollback.db'));
  rollback.exec('CREATE TABLE t (x)');
  rollback.close();
  t.false(storeOpensQuickly(path.join(dir, 'rollback.db')));
  writeFileSync(path.join(dir, 'short.db'), 'SQLite format 3\0');
  t.false(storeOpensQuickly(path.join(dir, 'short.db')));
});

test("SIGKILL of the executor's process while its real load waits out a busy store before a removal: the load is gone within a second", async (t) => {
  const { project } = await indexedProject(t);
  project.remove(docs('b.md'));
  // Another writer holds the store: the load's first write waits (up to 5 s) with its main thread asleep.
  const holder = new Database(path.join(project.root, '.heimdall', 'memory.db'));
  holder.exec('BEGIN IMMEDIATE');
  t.teardown(() => holder.close());
  const parent = spawn(process.execPath, [path.join(fixtureBin, 'executor-parent.js'), JSON.stringify({ root: project.root, paths: [docs('b.md')] })], { stdio: 'ignore' });
  const exited = new Promise((resolve) => parent.once('exit', resolve));
  const reap: number[] = [];
  t.teardown(() => [parent.pid!, ...reap].forEach(killGroup));
  const load = await waitFor(() => {
    const pid = childrenOf(parent.pid!)[0]?.pid;
    return pid !== undefined && inBusyWait(pid) ? pid : null;
  }, { timeout: 30_000, interval: 10, what: 'the delegated load to wait on the busy store' });
  reap.push(load);

  parent.kill('SIGKILL');
  await exited;
  const killedAt = Date.now();
  await waitFor(() => !isAlive(load), { timeout: 10_000, interval: 10, what: 'the orphaned load to go' });
  const took = Date.now() - killedAt;
  t.true(took < 1000, `the orphaned load lived ${took} ms after its parent`);
  holder.exec('ROLLBACK');
});

test('a call whose HEIMDALL_PARENT_PID is not its parent (the caller died, or a hand-run call carrying a stale one) stops, and says why', async (t) => {
  const { project } = await indexedProject(t);
  project.write(docs('a.md'), '# A\n\nalpha, edited by hand\n');
  // Our parent is this test process; pid 1 is not.
  const run = await execa(process.execPath, [heimdallBin, ...delegatedArgv(project.root)], {
    cwd: project.root,
    input: `${docs('a.md')}\0`,
    env: { HEIMDALL_PARENT_PID: '1' },
    reject: false,
  });
  t.is(run.exitCode, 1);
  t.is(run.stdout, '', 'no report: nobody is left to read it');
  t.regex(run.stderr, /HEIMDALL_PARENT_PID=1 is not this process's parent/);
  // It stopped before the file: the store still holds what was indexed before the edit.
  const listed = await heimdall(['sources', '--json'], { cwd: project.root });
  const sources: Array<{ path: string; sha1: string }> = JSON.parse(listed.stdout).sources;
  t.is(sources.find((s) => s.path === docs('a.md'))?.sha1, createHash('sha1').update('# A\n\nalpha\n').digest('hex'));
});
