// A full disk under the store (a tmpfs holding it through a symlink; the docs elsewhere): writes fail as
// `no-space` (temporary, exit 75) saying where, recall keeps answering from what is stored, nothing is lost,
// and once space is back a retry converges, the monitor's own retries included.
import test, { type ExecutionContext } from 'ava';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { symlinkSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { FileResult } from '../dist/contract/load-report.js';
import type { RecallHit } from '../dist/recall/search-memories.js';
import { heimdall, heimdallJson, makeProject, waitFor, type DeclareTest, type ListedSource, type Project } from './helpers/project.js';
import { mountTmpfs, tmpfsAvailable } from './helpers/tmpfs.js';
import { monitorTools, privateWatchman } from './helpers/watchman-server.js';

const Database = createRequire(import.meta.url)('better-sqlite3');
const fsTest: DeclareTest = tmpfsAvailable() ? test : test.skip;
const docs = (name: string) => `.heimdall/docs/${name}`;
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const before = { 'a.md': '# Alpha\n\nthe original aardvark paragraph\n', 'b.md': '# Beta\n\nbees and more bees\n' };
const edited = '# Alpha\n\nthe rewritten armadillo paragraph\n';

/** A project whose store lives on a fresh small tmpfs (`.heimdall/memory.db` is a symlink into it), indexed. */
async function projectOnTmpfs(t: ExecutionContext, config?: string) {
  const disk = mountTmpfs(t, '2m');
  const project = makeProject(t, { docs: before, config });
  symlinkSync(path.join(disk.dir, 'memory.db'), path.join(project.root, '.heimdall', 'memory.db'));
  // Written long ago: a later load finds them unchanged without refreshing anything (no write at all).
  const old = new Date(Date.now() - 3600_000);
  for (const name of Object.keys(before)) utimesSync(path.join(project.docsDir, name), old, old);
  const first = await heimdall(['load', '.heimdall/docs'], { cwd: project.root });
  if (first.exitCode !== 0) throw new Error(`the first load failed: ${first.stderr}`);
  return { project, disk };
}

const storedShas = async (project: Project) => Object.fromEntries((await heimdallJson(['sources'], { cwd: project.root })).json.sources.map((s: ListedSource) => [s.path, s.sha1]));
const fullMessage = (disk: { dir: string }) => new RegExp(`the disk is full \\(no space left on the device holding ${disk.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`);

fsTest('a full disk: writes fail as no-space (75) saying where, recall still answers, nothing is lost, a retry converges', async (t) => {
  const { project, disk } = await projectOnTmpfs(t);
  const cwd = project.root;
  disk.fill();
  project.write(docs('a.md'), edited);
  project.write(docs('c.md'), '# Gamma\n\ngrasshoppers\n');

  // No connection is open: SQLite cannot even grow the -shm file it needs to open the store.
  const json = await heimdallJson(['load', '.heimdall/docs'], { cwd });
  t.is(json.exitCode, 75, json.stderr);
  t.true(json.json.results.length > 0);
  for (const result of json.json.results) {
    t.like(result, { action: 'failed', error: { code: 'no-space', permanent: false } });
    t.regex(result.error.message, fullMessage(disk));
  }
  const human = await heimdall(['load', docs('a.md')], { cwd });
  t.is(human.exitCode, 75);
  t.regex(human.stderr, fullMessage(disk));
  const sync = await heimdall(['sync'], { cwd });
  t.is(sync.exitCode, 75, sync.stderr);
  t.regex(sync.stderr, fullMessage(disk));

  // Reading keeps working from what is stored, and what is stored is the previous state.
  const search = await heimdallJson(['search', 'aardvark'], { cwd });
  t.is(search.exitCode, 0, search.stderr);
  t.deepEqual(search.json.hits.map((hit: RecallHit) => hit.path), [docs('a.md')]);
  t.deepEqual(await storedShas(project), { [docs('a.md')]: sha1(before['a.md']), [docs('b.md')]: sha1(before['b.md']) });
  const status = await heimdallJson(['status'], { cwd });
  t.is(status.exitCode, 0, status.stderr);
  t.like(status.json, { sources: 2, memories: 2 });
  t.is((await heimdall(['search', 'bees'], { cwd })).exitCode, 0);

  // With a connection open (the -shm exists), the store opens; each write fails on its own, reads still succeed.
  disk.free();
  const reader = new Database(path.join(disk.dir, 'memory.db'), { readonly: true });
  t.teardown(() => reader.close());
  reader.prepare('SELECT count(*) FROM sources').get();
  disk.fill();
  const perFile = await heimdallJson(['load', '.heimdall/docs'], { cwd });
  t.is(perFile.exitCode, 75, perFile.stderr);
  const byPath = Object.fromEntries(perFile.json.results.map((r: FileResult) => [r.path, r]));
  t.like(byPath[docs('b.md')], { action: 'unchanged' });
  for (const name of ['a.md', 'c.md']) {
    t.like(byPath[docs(name)], { action: 'failed', error: { code: 'no-space', permanent: false } });
    t.regex(byPath[docs(name)].error!.message, fullMessage(disk));
  }
  t.deepEqual((await heimdallJson(['search', 'aardvark'], { cwd })).json.hits.map((hit: RecallHit) => hit.path), [docs('a.md')]);
  reader.close();

  // Space back: one retry converges.
  disk.free();
  const retry = await heimdallJson(['load', '.heimdall/docs'], { cwd });
  t.is(retry.exitCode, 0, retry.stderr);
  t.like(retry.json.summary, { loaded: 2, unchanged: 1, failed: 0 });
  t.deepEqual(await storedShas(project), { [docs('a.md')]: sha1(edited), [docs('b.md')]: sha1(before['b.md']), [docs('c.md')]: sha1('# Gamma\n\ngrasshoppers\n') });
  t.deepEqual((await heimdallJson(['search', 'armadillo'], { cwd })).json.hits.map((hit: RecallHit) => hit.path), [docs('a.md')]);
  const check = new Database(path.join(disk.dir, 'memory.db'), { readonly: true });
  t.is(check.pragma('integrity_check', { simple: true }), 'ok');
  check.close();
});

fsTest('a disk that fills up during a load: what it reports loaded is stored, what it reports failed is not', async (t) => {
  const disk = mountTmpfs(t, '1m');
  const project = makeProject(t);
  symlinkSync(path.join(disk.dir, 'memory.db'), path.join(project.root, '.heimdall', 'memory.db'));
  const body = (i: number) => Array.from({ length: 300 }, (_, k) => `w${(i * 7 + k) % 997}`).join(' ');
  for (let i = 0; i < 300; i++) project.write(docs(`n${i}.md`), `# Note ${i}\n\n${body(i)}\n`);
  // The writes share transactions: when one fails, its group is applied again one file each (reconcile-paths.ts).
  const json = await heimdallJson(['load', '.heimdall/docs'], { cwd: project.root });
  t.is(json.exitCode, 75, json.stderr);
  const by = (action: FileResult['action']) => json.json.results.filter((r: FileResult) => r.action === action).map((r: FileResult) => r.path).sort();
  t.true(by('loaded').length > 0, 'some fit');
  t.true(by('failed').length > 0, 'some did not');
  t.true(json.json.results.filter((r: FileResult) => r.action === 'failed').every((r: FileResult) => r.error?.code === 'no-space'));
  const db = new Database(path.join(disk.dir, 'memory.db'));
  t.deepEqual(db.prepare('SELECT path FROM sources ORDER BY path').all().map((row: { path: string }) => row.path), by('loaded'));
  t.notThrows(() => db.prepare("INSERT INTO memories_fts(memories_fts, rank) VALUES ('integrity-check', 1)").run());
  db.close();
});

const watchman = privateWatchman(test);
const monitorTest: DeclareTest = tmpfsAvailable() ? watchman.test : test.skip;

monitorTest('the monitor retries through a full disk and converges once space is back, without a restart', async (t) => {
  // Quick retries, and enough of them to outlast the full disk (the default backoff would take minutes).
  const { project, disk } = await projectOnTmpfs(t, 'executor:\n  retry:\n    base_ms: 100\n    factor: 2\n    cap_ms: 400\n    attempts: 100\n');
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  const pid = await m.start();
  await m.wait();
  disk.fill();
  project.write(docs('a.md'), edited);
  const retrying = await waitFor(async () => {
    const status = await m.status();
    return status.stats.retries >= 2 ? status : null;
  }, { timeout: 30_000, interval: 100, what: 'the monitor to retry the write on the full disk' });
  t.true(retrying.stats.files.failed >= 2, JSON.stringify(retrying.stats));
  t.is((await storedShas(project))[docs('a.md')], sha1(before['a.md']), 'the previous memories stay while the disk is full');

  disk.free();
  await m.wait(60);
  t.is((await storedShas(project))[docs('a.md')], sha1(edited));
  const status = await m.status();
  t.is(status.pid, pid, 'the same monitor, never restarted');
  t.deepEqual(status.failures, []);
});
