import test from 'ava';
import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execa } from 'execa';
import type { FileResult } from '../dist/contract/load-report.js';
import { makeProject, heimdall, heimdallJson, heimdallBin, waitFor, type Project } from './helpers/project.js';

const Database = createRequire(import.meta.url)('better-sqlite3');
const storeOf = (p: Project) => path.join(p.root, '.heimdall', 'memory.db');

test('a corrupt store is a clear error (exit 1) and is left untouched', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nx\n' } });
  const garbage = Buffer.from('this is not a database, it is the user\'s data '.repeat(200));
  writeFileSync(storeOf(p), garbage);
  for (const args of [['load', '.heimdall/docs'], ['search', 'x'], ['sources'], ['status']]) {
    const result = await heimdall(args, { cwd: p.root });
    t.is(result.exitCode, 1, args.join(' '));
    t.regex(result.stderr, /is not a valid heimdall store.*left untouched/);
  }
  t.deepEqual(readFileSync(storeOf(p)), garbage);
});

test('a store of a newer schema version is refused, never recreated', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nx\n' } });
  await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  const db = new Database(storeOf(p));
  db.pragma('user_version = 99');
  db.close();
  const result = await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  t.is(result.exitCode, 1);
  t.regex(result.stderr, /schema version 99, newer than this heimdall understands \(5\)/);
  const check = new Database(storeOf(p), { readonly: true });
  t.is(check.pragma('user_version', { simple: true }), 99);
  t.is(check.prepare('SELECT count(*) AS n FROM sources').get().n, 1);
  check.close();
});

test("someone else's SQLite database at the store path is refused", async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n' } });
  const db = new Database(storeOf(p));
  db.exec('CREATE TABLE precious (x)');
  db.close();
  const result = await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  t.is(result.exitCode, 1);
  t.regex(result.stderr, /not a valid heimdall store/);
});

test('a busy store is a temporary failure (exit 75) for the files it blocked', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nx\n', 'b.md': '# B\n\ny\n' } });
  await heimdall(['status'], { cwd: p.root });
  await heimdall(['load', '.heimdall/docs/a.md'], { cwd: p.root });
  const db = new Database(storeOf(p));
  db.exec('BEGIN IMMEDIATE');
  t.teardown(() => db.close());
  p.write('.heimdall/docs/a.md', '# A\n\nchanged\n');
  const result = await heimdallJson(['load', '.heimdall/docs'], { cwd: p.root, timeout: 30_000 });
  t.is(result.exitCode, 75);
  t.true(result.json.results.every((r: FileResult) => r.action === 'failed' && r.error!.code === 'store-busy' && r.error!.permanent === false));
  db.exec('ROLLBACK');
  const retry = await heimdallJson(['load', '.heimdall/docs'], { cwd: p.root });
  t.is(retry.exitCode, 0);
});

test('a load killed by SIGKILL mid-batch leaves the store consistent', async (t) => {
  const count = 40;
  const p = makeProject(t);
  for (let i = 0; i < count; i++) p.write(`.heimdall/docs/f${String(i).padStart(3, '0')}.md`, `# F${i}\n\nold ${i}\n`);
  await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  for (let i = 0; i < count; i++) p.write(`.heimdall/docs/f${String(i).padStart(3, '0')}.md`, `# F${i}\n\nnew ${i}\n\n## More\n\nsecond\n`);
  const child = execa(process.execPath, [heimdallBin, 'load', '.heimdall/docs'], {
    cwd: p.root,
    env: { HEIMDALL_TEST_STALL_AFTER: '10' },
    reject: false,
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  await waitFor(() => stderr.includes('test stall'), { timeout: 20_000, what: 'the load to stall mid-batch' });
  child.kill('SIGKILL');
  const outcome = await child;
  t.is(outcome.signal, 'SIGKILL');

  const db = new Database(storeOf(p), { readonly: true });
  t.is(db.pragma('integrity_check', { simple: true }), 'ok');
  // The live sources: a replaced version is kept too, out of search (kept-versions.ts).
  const rows = db.prepare('SELECT s.path, (SELECT count(*) FROM memories m WHERE m.source_id = s.id) AS n FROM sources s WHERE s.removed_at_ms IS NULL ORDER BY s.path').all();
  db.close();
  t.is(rows.length, count);
  t.deepEqual(rows.slice(0, 10).map((r: { n: number }) => r.n), Array(10).fill(2));
  t.deepEqual(rows.slice(10).map((r: { n: number }) => r.n), Array(count - 10).fill(1));
  const resumed = await heimdallJson(['load', '.heimdall/docs'], { cwd: p.root });
  t.is(resumed.json.summary.unchanged, 10);
  t.is(resumed.json.summary.loaded, count - 10);
});

test('a load killed inside a write that shares its transaction with the files before it: all of them are as they were', async (t) => {
  const count = 30;
  const p = makeProject(t);
  const name = (i: number) => `.heimdall/docs/g${String(i).padStart(3, '0')}.md`;
  for (let i = 0; i < count; i++) p.write(name(i), `# G${i}\n\nold ${i}\n`);
  await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  for (let i = 0; i < count; i++) p.write(name(i), `# G${i}\n\nnew ${i}\n\n## More\n\nsecond\n`);
  // The 21st write stalls with the 20 before it in the same, uncommitted, transaction.
  const child = execa(process.execPath, [heimdallBin, 'load', '.heimdall/docs'], { cwd: p.root, env: { HEIMDALL_TEST_STALL_AFTER: '20', HEIMDALL_TEST_STALL_IN_GROUP: '1' }, reject: false });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  await waitFor(() => stderr.includes('test stall'), { timeout: 20_000, what: 'the load to stall inside its grouped write' });
  child.kill('SIGKILL');
  t.is((await child).signal, 'SIGKILL');

  const db = new Database(storeOf(p), { readonly: true });
  t.is(db.pragma('integrity_check', { simple: true }), 'ok');
  const counts = db.prepare('SELECT (SELECT count(*) FROM memories m WHERE m.source_id = s.id) AS n FROM sources s ORDER BY s.path').all().map((r: { n: number }) => r.n);
  // The index is the table's: no word of the new texts, every word of the old ones.
  const search = (word: string): number => db.prepare('SELECT count(*) AS n FROM memories_fts WHERE memories_fts MATCH ?').get(word).n;
  const [newWords, oldWords] = [search('new'), search('old')];
  db.close();
  t.deepEqual(counts, Array(count).fill(1));
  t.deepEqual([newWords, oldWords], [0, count]);
  const resumed = await heimdallJson(['load', '.heimdall/docs'], { cwd: p.root });
  t.like(resumed.json.summary, { loaded: count, failed: 0 });
});

test('a bulk load holds the write lock for its writes alone, tens of ms at a time: another writer gets it while the load runs', async (t) => {
  const count = 3000;
  const p = makeProject(t);
  for (let i = 0; i < count; i++) p.write(`.heimdall/docs/b${i % 30}/n${i}.md`, `# N${i}\n\ntext ${i}\n`);
  const child = execa(process.execPath, [heimdallBin, 'load', '.heimdall/docs'], { cwd: p.root, reject: false });
  await waitFor(() => existsSync(storeOf(p)), { timeout: 20_000, what: 'the store' });
  const db = new Database(storeOf(p), { timeout: 5000 });
  t.teardown(() => db.close());
  const stored = (): number => db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sources'").get().n === 1 && db.prepare('SELECT count(*) AS n FROM sources').get().n;
  await waitFor(() => stored() > 0, { timeout: 20_000, what: 'the load to commit its first files' });
  const waits: number[] = [];
  let midway = 0;
  for (let i = 0; i < 3; i++) {
    const started = Date.now();
    db.exec('BEGIN IMMEDIATE');
    waits.push(Date.now() - started);
    // Counted under our write lock: the load cannot commit meanwhile.
    if (stored() < count) midway++;
    db.exec('ROLLBACK');
  }
  t.is(midway, 3, 'each time, the load was not done');
  t.true(Math.max(...waits) < 2000, `waits: ${waits.join(', ')} ms`);
  t.is((await child).exitCode, 0);
});

test('the store is WAL-mode SQLite with a schema version', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n' } });
  await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  const db = new Database(storeOf(p), { readonly: true });
  t.is(db.pragma('journal_mode', { simple: true }), 'wal');
  t.is(db.pragma('user_version', { simple: true }), 5);
  db.close();
  const status = await heimdallJson(['status'], { cwd: p.root });
  t.like(status.json, { sources: 1, memories: 1, schemaVersion: 5, exists: true });
  t.true(status.json.storeBytes > 0);
});

test('sources lists path, sha1, size, memory count and indexed-at', async (t) => {
  const content = '# A\n\none\n\n## B\n\ntwo\n';
  const p = makeProject(t, { docs: { 'a.md': content } });
  mkdirSync(path.join(p.docsDir, 'empty-dir'));
  await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  const { createHash } = await import('node:crypto');
  const sources = await heimdallJson(['sources'], { cwd: p.root });
  t.is(sources.json.sources.length, 1);
  const [a] = sources.json.sources;
  t.like(a, { path: '.heimdall/docs/a.md', sha1: createHash('sha1').update(content).digest('hex'), size: Buffer.byteLength(content), memories: 2 });
  t.false(Number.isNaN(Date.parse(a.indexedAt)));
});

test('many processes opening the same new store at once (no lock held, as the MCP reader does): one schema, none fails', async (t) => {
  const dir = makeProject(t).root;
  const file = path.join(dir, 'race.db');
  const opener = new URL('../dist/store/open-store.js', import.meta.url).href;
  // Each process waits for a shared start time, so their opens overlap instead of running one after the other.
  const script = (start: number) => `const { openDatabase } = await import(${JSON.stringify(opener)});
    while (Date.now() < ${start}) {}
    openDatabase(${JSON.stringify(file)}).close();`;
  for (let round = 0; round < 3; round++) {
    const start = Date.now() + 1500;
    const results = await Promise.all(Array.from({ length: 8 }, () => execa(process.execPath, ['--input-type=module', '-e', script(start)], { reject: false })));
    for (const [i, result] of results.entries()) t.is(result.exitCode, 0, `round ${round}, opener ${i}: ${result.stderr}`);
    const db = new Database(file, { readonly: true });
    t.is(db.pragma('user_version', { simple: true }), 5);
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
});

test('a new store opened while another process holds its write lock: the switch to WAL waits instead of failing busy', async (t) => {
  const { openDatabase } = await import('../dist/store/open-store.js');
  const dir = makeProject(t).root;
  const file = path.join(dir, 'read.db');
  // Another process holds the still empty, rollback-mode file's write lock for a while (as a second opener does in
  // its own switch). The opener's switch upgrades its read lock past it: SQLite answers busy at once there,
  // without its busy handler, because waiting could deadlock two upgraders.
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const reader = execa(process.execPath, ['-e', `const db = new (require(${JSON.stringify(driver)}))(${JSON.stringify(file)});
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('held\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, 1500);`]);
  await new Promise<void>((resolve) => reader.stdout!.once('data', () => resolve()));
  const db = openDatabase(file);
  t.teardown(() => db.close());
  t.is((await reader).exitCode, 0);
  t.is(db.pragma('journal_mode', { simple: true }), 'wal');
  t.is(db.pragma('user_version', { simple: true }), 5);
});

test('touch refreshes the stat only while the store holds that content: a concurrent writer\'s newer content keeps its own', async (t) => {
  const { Store } = await import('../dist/store/store.js');
  const p = makeProject(t);
  const store = new Store(storeOf(p));
  t.teardown(() => store.close());
  const doc = { title: 'A', tags: [] };
  const memories = [{ heading: 'A', startLine: 1, endLine: 2, text: 'x' }];
  store.replace('docs/a.md', { sha1: 'old', size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1 }, doc, memories);
  // A load planned a touch of the old content; meanwhile another load stored newer content.
  store.replace('docs/a.md', { sha1: 'new', size: 2, mtimeMs: 2, ctimeMs: 2, ino: 2 }, doc, memories);
  store.touch('docs/a.md', { sha1: 'old', size: 3, mtimeMs: 3, ctimeMs: 3, ino: 3 });
  const after = store.liveSource('docs/a.md')!;
  t.deepEqual([after.sha1, after.size, after.mtimeMs, after.ctimeMs, after.ino], ['new', 2, 2, 2, 2]);
  store.touch('docs/a.md', { sha1: 'new', size: 4, mtimeMs: 4, ctimeMs: 4, ino: 4 });
  t.is(store.liveSource('docs/a.md')!.mtimeMs, 4, 'the same content: refreshed');
});

// FTS5 writes its pending terms as a new index segment whenever a rowid is lower than the one before: a reload that
// dropped each file's old rowids after the file before added its new ones wrote a segment per file. The structure
// record (%_data id 10: a 4-byte cookie, then varints nLevel, nSegment, nWriteCounter) counts the segments written.
function segmentsWritten(db: { prepare(sql: string): { get(): { block: Buffer } } }): number {
  const { block } = db.prepare('SELECT block FROM memories_fts_data WHERE id = 10').get();
  let at = 4;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = block[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
  };
  varint(); // levels
  varint(); // segments
  return varint();
}

test('a reload of many files writes a few index segments, not one per file, and the index stays the rows\' own', async (t) => {
  const count = 300;
  const p = makeProject(t);
  const name = (i: number) => `.heimdall/docs/r${String(i).padStart(3, '0')}.md`;
  const old = (i: number) => `# R${i}\n\nold words ${i}\n\n## Two\n\nmore old\n`;
  for (let i = 0; i < count; i++) p.write(name(i), old(i));
  await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  const before = (() => {
    const db = new Database(storeOf(p), { readonly: true });
    t.teardown(() => db.close());
    return segmentsWritten(db);
  })();
  // Every file rewritten but two, which are renamed (their memories move, in the same call); the last file's rows
  // are the highest, so its new ones take the same rowids again.
  for (let i = 2; i < count; i++) p.write(name(i), `# R${i}\n\nnew words ${i}\n\n## Two\n\nmore new\n\n## Three\n\nthird\n`);
  for (const i of [0, 1]) {
    rmSync(path.join(p.root, name(i)));
    p.write(`.heimdall/docs/moved-${i}.md`, old(i));
  }
  // Named, the gone ones too, as the executor names them: the removals go first, then the moves claim them.
  const paths = [...Array.from({ length: count }, (_, i) => name(i)), '.heimdall/docs/moved-0.md', '.heimdall/docs/moved-1.md'];
  const reload = await heimdallJson(['load', ...paths], { cwd: p.root });
  t.like(reload.json.summary, { loaded: count - 2, moved: 2, failed: 0 });

  // Not read-only: FTS5's integrity-check is written as an INSERT.
  const db = new Database(storeOf(p));
  t.teardown(() => db.close());
  const written = segmentsWritten(db) - before;
  t.true(written < count / 3, `${written} segments written for ${count} files`);
  t.notThrows(() => db.prepare("INSERT INTO memories_fts(memories_fts, rank) VALUES ('integrity-check', 1)").run());
  const search = (words: string, live: boolean): number =>
    db.prepare(`SELECT count(*) AS n FROM memories_fts JOIN memories m ON m.id = memories_fts.rowid JOIN sources s ON s.id = m.source_id
      WHERE memories_fts MATCH ? AND (s.removed_at_ms IS NULL) = ?`).get(words, Number(live)).n;
  // Live memories: two sections of each old text, three of each new one. The replaced versions are kept (still
  // indexed, for a switch back to claim): the old texts of the files rewritten.
  t.deepEqual([search('new', true), search('third', true), search('old', true), search('moved', true)], [2 * (count - 2), count - 2, 4, 4]);
  t.deepEqual([search('old', false), search('new', false)], [2 * (count - 2), 0]);
});
