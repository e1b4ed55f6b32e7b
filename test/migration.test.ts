// A version-1 store (the schema heimdall 0.1 released, built here from its own SQL) is upgraded in place by
// the next command that opens it: its memories kept and reindexed, without re-reading a doc.
import test from 'ava';
import { statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { FileResult } from '../dist/contract/load-report.js';
import type { RecallHit } from '../dist/recall/search-memories.js';
import { makeProject, heimdall, heimdallJson, type Project } from './helpers/project.js';
import { Store } from '../dist/store/store.js';

const Database = createRequire(import.meta.url)('better-sqlite3');

// Migration 1, as released.
const schemaV1 = `
  CREATE TABLE sources (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha1 TEXT NOT NULL, size INTEGER NOT NULL, mtime_ms REAL NOT NULL,
    indexed_at_ms INTEGER NOT NULL, title TEXT, tags TEXT NOT NULL DEFAULT '[]', removed_at_ms INTEGER
  );
  CREATE UNIQUE INDEX sources_live_path ON sources(path) WHERE removed_at_ms IS NULL;
  CREATE INDEX sources_removed_sha1 ON sources(sha1) WHERE removed_at_ms IS NOT NULL;
  CREATE TABLE memories (
    id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE, ordinal INTEGER NOT NULL,
    heading TEXT NOT NULL, start_line INTEGER NOT NULL, end_line INTEGER NOT NULL, text TEXT NOT NULL
  );
  CREATE INDEX memories_source ON memories(source_id);
  CREATE VIRTUAL TABLE memories_fts USING fts5(
    text, heading, content='memories', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER memories_ai AFTER INSERT ON memories BEGIN
    INSERT INTO memories_fts(rowid, text, heading) VALUES (new.id, new.text, new.heading);
  END;
  CREATE TRIGGER memories_ad AFTER DELETE ON memories BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, text, heading) VALUES ('delete', old.id, old.text, old.heading);
  END;
`;

const guide = '---\ntitle: Setup guide\ntags: [ops]\n---\nIntro.\n\n## Database\n\nWe ran the migrations in handleMigrations.\n';

function v1Store(p: Project) {
  const file = path.join(p.root, '.heimdall', 'memory.db');
  const db = new Database(file);
  db.exec(schemaV1);
  db.pragma('user_version = 1');
  const { lastInsertRowid: id } = db
    .prepare("INSERT INTO sources (path, sha1, size, mtime_ms, indexed_at_ms, title, tags) VALUES (?, ?, ?, ?, ?, 'Setup guide', '[\"ops\"]')")
    .run('.heimdall/docs/runbooks/guide.md', 'f'.repeat(40), 1, 1, 1);
  const memory = db.prepare('INSERT INTO memories (source_id, ordinal, heading, start_line, end_line, text) VALUES (?, ?, ?, ?, ?, ?)');
  memory.run(id, 0, '', 5, 5, 'Intro.');
  memory.run(id, 1, 'Database', 7, 9, '## Database\n\nWe ran the migrations in handleMigrations.');
  db.close();
  return file;
}

test('a version-1 store is migrated in place: memories kept, stemmed, titled, found by title, tags, path and parts', async (t) => {
  const p = makeProject(t, { docs: { 'runbooks/guide.md': guide } });
  const file = v1Store(p);
  // A reading command migrates it (the store is opened read-write when it can be).
  const migrate = await heimdallJson(['search', 'migrate'], { cwd: p.root });
  t.is(migrate.exitCode, 0, migrate.stderr);
  t.deepEqual(migrate.json.hits.map((hit: RecallHit) => [hit.heading, hit.lines]), [['Setup guide > Database', [7, 9]]]);
  const db = new Database(file, { readonly: true });
  t.is(db.pragma('user_version', { simple: true }), 5);
  t.deepEqual(db.prepare('SELECT heading FROM memories ORDER BY ordinal').all().map((row: { heading: string }) => row.heading), ['Setup guide', 'Setup guide > Database']);
  db.close();
  for (const word of ['setup', 'ops', 'runbooks', 'handle', 'intro']) {
    const hits = (await heimdallJson(['search', word], { cwd: p.root })).json.hits;
    t.true(hits.length > 0, word);
  }
  const status = await heimdallJson(['status'], { cwd: p.root });
  t.like(status.json, { sources: 1, memories: 2, schemaVersion: 5 });
});

test('after the migration the index follows loads, removals and moves (FTS5 integrity-check)', async (t) => {
  const p = makeProject(t, { docs: { 'runbooks/guide.md': guide } });
  const file = v1Store(p);
  // The stored sha1 is not the file's: load re-parses it, replacing the migrated memories.
  const loaded = await heimdallJson(['load', '.heimdall/docs'], { cwd: p.root });
  t.like(loaded.json.summary, { loaded: 1 });
  p.write('.heimdall/docs/runbooks/other.md', '# Other\n\nzanzibar\n');
  await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  p.remove('.heimdall/docs/runbooks/other.md');
  p.write('.heimdall/docs/moved/other.md', '# Other\n\nzanzibar\n');
  const moved = await heimdallJson(['load', '.heimdall/docs/runbooks/other.md', '.heimdall/docs/moved/other.md'], { cwd: p.root });
  t.deepEqual(moved.json.results.map((r: FileResult) => r.action).sort(), ['moved', 'removed']);
  const byPath = await heimdallJson(['search', 'moved'], { cwd: p.root });
  t.deepEqual(byPath.json.hits.map((hit: RecallHit) => hit.path), ['.heimdall/docs/moved/other.md'], 'the new path\'s words');
  t.deepEqual((await heimdallJson(['search', 'runbooks', 'zanzibar'], { cwd: p.root })).json.hits.filter((h: RecallHit) => h.matched.length === 2), []);
  await heimdall(['remove-file', '.heimdall/docs/runbooks/guide.md'], { cwd: p.root });
  const store = new Store(file);
  store.purgeRemoved(0);
  store.close();
  const db = new Database(file);
  t.notThrows(() => db.prepare("INSERT INTO memories_fts(memories_fts, rank) VALUES ('integrity-check', 1)").run());
  t.is(db.prepare('SELECT count(*) AS n FROM memories').get().n, 1);
  db.close();
});

test('a version-3 store (FTS5 kept by triggers) is migrated to 4 and on: the triggers go, the index stays and follows the store', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# Alpha\n\naardvark\n' } });
  const file = path.join(p.root, '.heimdall', 'memory.db');
  const { migrations } = await import('../dist/store/migrations.js');
  const db = new Database(file);
  for (const migration of migrations.slice(0, 3)) {
    if (typeof migration === 'string') db.exec(migration);
    else migration(db);
  }
  db.pragma('user_version = 3');
  const { lastInsertRowid: id } = db.prepare("INSERT INTO sources (path, sha1, size, mtime_ms, indexed_at_ms, title, tags) VALUES ('.heimdall/docs/a.md', ?, 1, 1, 1, 'Alpha', '[]')").run('f'.repeat(40));
  db.prepare("INSERT INTO memories (source_id, ordinal, heading, start_line, end_line, text, title, path) VALUES (?, 0, 'Alpha', 1, 3, '# Alpha\n\naardvark', 'Alpha', 'a')").run(id);
  db.close();

  t.deepEqual((await heimdallJson(['search', 'aardvark'], { cwd: p.root })).json.hits.map((hit: RecallHit) => hit.path), ['.heimdall/docs/a.md']);
  p.write('.heimdall/docs/a.md', '# Alpha\n\nanteater\n');
  t.like((await heimdallJson(['load', '.heimdall/docs'], { cwd: p.root })).json.summary, { loaded: 1 });
  t.deepEqual((await heimdallJson(['search', 'aardvark'], { cwd: p.root })).json.hits, []);
  t.is((await heimdallJson(['search', 'anteater'], { cwd: p.root })).json.hits.length, 1);
  const check = new Database(file, { readonly: true });
  t.is(check.pragma('user_version', { simple: true }), 5);
  t.deepEqual(check.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all(), []);
  check.close();
  const writable = new Database(file);
  t.notThrows(() => writable.prepare("INSERT INTO memories_fts(memories_fts, rank) VALUES ('integrity-check', 1)").run());
  writable.close();
});

test('a version-2 store gains each file\'s ctime and inode (schema 3): the next sync hashes every file once, the one after trusts them', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nalpha\n', 'b.md': '# B\n\nbeta\n' } });
  // Outside the racy window, so that only the missing ctime and inode keep the fast path from trusting them.
  const old = new Date(Date.now() - 60_000);
  for (const name of ['a.md', 'b.md']) utimesSync(path.join(p.docsDir, name), old, old);
  t.is((await heimdall(['load', '.heimdall/docs'], { cwd: p.root })).exitCode, 0);
  // Schema 2 is schema 3 without the two columns.
  const file = path.join(p.root, '.heimdall', 'memory.db');
  const db = new Database(file);
  db.exec('ALTER TABLE sources DROP COLUMN ctime_ms; ALTER TABLE sources DROP COLUMN ino;');
  db.pragma('user_version = 2');
  db.close();

  const first = await heimdallJson(['sync'], { cwd: p.root });
  t.is(first.exitCode, 0, first.stderr);
  t.like(first.json, { skipped: 0, summary: { unchanged: 2 } });
  const migrated = new Database(file, { readonly: true });
  t.is(migrated.pragma('user_version', { simple: true }), 5);
  const rows = migrated.prepare('SELECT ctime_ms AS ctimeMs, ino FROM sources ORDER BY path').all();
  migrated.close();
  t.deepEqual(rows, ['a.md', 'b.md'].map((name) => {
    const stat = statSync(path.join(p.docsDir, name));
    return { ctimeMs: stat.ctimeMs, ino: stat.ino };
  }));
  t.like((await heimdallJson(['sync'], { cwd: p.root })).json, { candidates: 0, skipped: 2 });
});
