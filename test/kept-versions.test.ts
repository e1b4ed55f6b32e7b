// A replaced version of a file is kept out of search for a while (store.ts), so that a branch switch back claims it
// unparsed, with no index change; search never sees it, however many there are.
import test from 'ava';
import { createRequire } from 'node:module';
import { makeProject, heimdallJson, type Project } from './helpers/project.js';
import type { RecallHit } from '../dist/recall/search-memories.js';

const Database = createRequire(import.meta.url)('better-sqlite3');

type Row = { id: number; path: string; sha1: string; live: number };

function sources(p: Project): Row[] {
  const db = new Database(`${p.root}/.heimdall/memory.db`, { readonly: true });
  try {
    return db.prepare('SELECT id, path, sha1, removed_at_ms IS NULL AS live FROM sources ORDER BY id').all() as Row[];
  } finally {
    db.close();
  }
}

// FTS5's own check that the index is its rows' (not read-only: it is written as an INSERT).
function indexChecks(p: Project): void {
  const db = new Database(`${p.root}/.heimdall/memory.db`);
  try {
    db.prepare("INSERT INTO memories_fts(memories_fts, rank) VALUES ('integrity-check', 1)").run();
  } finally {
    db.close();
  }
}

async function hits(p: Project, query: string, limit = 10): Promise<string[]> {
  const result = await heimdallJson(['search', query, '--json', '--limit', String(limit)], { cwd: p.root });
  return result.json.hits.map((hit: RecallHit) => hit.path);
}

test('a switch back to a replaced version claims it unparsed: the same source and memories, found again, the other version out of search', async (t) => {
  const one = '# Guide\n\nalpha words\n\n## Setup\n\nbravo steps\n';
  const two = '# Guide\n\ncharlie words\n\n## Setup\n\ndelta steps\n';
  const p = makeProject(t, { docs: { 'guide.md': one } });
  const load = () => heimdallJson(['load', '.heimdall/docs/guide.md', '--json'], { cwd: p.root });
  t.like((await load()).json.summary, { loaded: 1 });
  const [first] = sources(p);
  p.write('.heimdall/docs/guide.md', two);
  t.like((await load()).json.summary, { loaded: 1 });
  t.deepEqual(await hits(p, 'alpha'), []);
  t.deepEqual(await hits(p, 'charlie'), ['.heimdall/docs/guide.md']);

  p.write('.heimdall/docs/guide.md', one);
  const back = await load();
  t.deepEqual(back.json.results, [{ path: '.heimdall/docs/guide.md', action: 'loaded', memories: 2 }]);
  const rows = sources(p);
  t.deepEqual(rows.filter((row) => row.live).map((row) => row.id), [first!.id], 'the first version is live again, as it was stored');
  t.deepEqual(await hits(p, 'bravo'), ['.heimdall/docs/guide.md']);
  t.deepEqual(await hits(p, 'delta'), []);
  indexChecks(p);
});

test('one replaced version is kept per path: a file saved many times leaves one, the latest', async (t) => {
  const p = makeProject(t, { docs: { 'notes.md': '# Notes\n\nversion 0\n' } });
  for (let i = 1; i <= 5; i++) {
    p.write('.heimdall/docs/notes.md', `# Notes\n\nversion ${i} word${i}\n`);
    t.like((await heimdallJson(['load', '.heimdall/docs/notes.md', '--json'], { cwd: p.root })).json.summary, { loaded: 1 });
  }
  const rows = sources(p);
  t.is(rows.length, 2, JSON.stringify(rows));
  t.deepEqual(rows.map((row) => row.live), [0, 1]);
  // The one kept is the version before the last; the older ones are gone from the index too.
  for (let i = 1; i <= 3; i++) t.deepEqual(await hits(p, `word${i}`), []);
  t.deepEqual(await hits(p, 'word5'), ['.heimdall/docs/notes.md']);
  indexChecks(p);
  const db = new Database(`${p.root}/.heimdall/memory.db`, { readonly: true });
  t.teardown(() => db.close());
  t.is(db.prepare("SELECT count(*) AS n FROM memories_fts WHERE memories_fts MATCH 'word1 OR word2 OR word3'").get().n, 0);
  t.is(db.prepare("SELECT count(*) AS n FROM memories_fts WHERE memories_fts MATCH 'word4'").get().n, 1);
});

test('versions kept by the thousand do not hide live memories: a word in thousands of both is still found in the live ones', async (t) => {
  // 700 docs of 10 sections, 5 of them with `widget`: 3,500 matches, more than search ranks (3,000, the oldest first),
  // in about half the memories (so it is ranked, not skipped as a word in most). Once every doc is rewritten, the
  // kept versions hold the 3,500 oldest matches.
  const doc = (i: number, version: string) =>
    `# Doc ${i}\n\n${version} intro\n\n${Array.from({ length: 9 }, (_, s) => `## Part ${s}\n\n${s % 2 === 0 ? 'widget' : 'gadget'} ${version} ${s}\n`).join('\n')}`;
  const p = makeProject(t);
  for (let i = 0; i < 700; i++) p.write(`.heimdall/docs/d${i}.md`, doc(i, 'first'));
  t.like((await heimdallJson(['load', '.heimdall/docs', '--json'], { cwd: p.root })).json.summary, { loaded: 700 });
  for (let i = 0; i < 700; i++) p.write(`.heimdall/docs/d${i}.md`, doc(i, 'second'));
  t.like((await heimdallJson(['load', '.heimdall/docs', '--json'], { cwd: p.root })).json.summary, { loaded: 700 });
  t.is(sources(p).filter((row) => !row.live).length, 700);
  t.is((await hits(p, 'widget', 20)).length, 20);
  t.is((await hits(p, 'widget second', 20)).length, 20);
  t.deepEqual(await hits(p, 'first'), []);
});

test("another live file's replaced version is no rename: a file taking that content is loaded, the other left as it is", async (t) => {
  const old = '# Shared\n\necho words\n';
  const p = makeProject(t, { docs: { 'a.md': old, 'b.md': '# B\n\nfoxtrot words\n' } });
  const load = () => heimdallJson(['load', '.heimdall/docs', '--json'], { cwd: p.root });
  t.like((await load()).json.summary, { loaded: 2 });
  p.write('.heimdall/docs/a.md', '# A\n\ngolf words\n');
  t.like((await load()).json.summary, { loaded: 1, unchanged: 1 });
  // b.md now holds what a.md held: a.md's kept version has that content, but a.md is still there.
  p.write('.heimdall/docs/b.md', old);
  const taken = await load();
  t.deepEqual(taken.json.results.find((r: { path: string }) => r.path === '.heimdall/docs/b.md'), { path: '.heimdall/docs/b.md', action: 'loaded', memories: 1 });
  t.deepEqual(await hits(p, 'golf'), ['.heimdall/docs/a.md']);
  t.deepEqual(await hits(p, 'echo'), ['.heimdall/docs/b.md']);
  t.deepEqual(await hits(p, 'foxtrot'), []);
  indexChecks(p);
});

test('a purge forgets at most purgeAtMost expired versions, the oldest first, out of the index too; the purges after forget the rest', async (t) => {
  const { Store, purgeAtMost } = await import('../dist/store/store.js');
  const p = makeProject(t);
  const file = `${p.root}/.heimdall/memory.db`;
  const store = new Store(file);
  t.teardown(() => store.close());
  const total = purgeAtMost * 2 + 50;
  const memory = (i: number) => [{ heading: 'F', startLine: 1, endLine: 2, text: `word${i} common` }];
  for (let i = 0; i < total; i++) {
    store.replace(`docs/f${i}.md`, { sha1: `s${i}`, size: 1, mtimeMs: 1, ctimeMs: 1, ino: i }, { title: null, tags: [] }, memory(i));
    store.remove(`docs/f${i}.md`);
  }
  const db = new Database(file, { readonly: true });
  t.teardown(() => db.close());
  const kept = () => db.prepare('SELECT path FROM sources WHERE removed_at_ms IS NOT NULL ORDER BY id').all().map((row: { path: string }) => row.path);
  const indexed = (words: string) => db.prepare('SELECT count(*) AS n FROM memories_fts WHERE memories_fts MATCH ?').get(words).n;
  store.purgeRemoved(-1);
  t.deepEqual(kept(), Array.from({ length: total - purgeAtMost }, (_, k) => `docs/f${k + purgeAtMost}.md`));
  t.is(indexed('common'), total - purgeAtMost);
  t.is(indexed('word0'), 0);
  store.purgeRemoved(-1);
  store.purgeRemoved(-1);
  t.deepEqual(kept(), []);
  t.is(indexed('common'), 0);
  indexChecks(p);
});

test('kept versions do not push a word out of the any-word fallback: it counts its matches against the window they widen', async (t) => {
  // `widget` in 2,000 memories, `gizmo` in 500, never together: "widget gizmo" falls back to any word, which drops its
  // broadest words while their matches add up past what is ranked. Rewriting the widget docs keeps 2,000 more.
  const sections = (word: string, version: string) => Array.from({ length: 5 }, (_, s) => `## Part ${s}\n\n${word} ${version} ${s}\n`).join('\n');
  const p = makeProject(t);
  for (let i = 0; i < 400; i++) p.write(`.heimdall/docs/w${i}.md`, `# W${i}\n\n${sections('widget', 'first')}`);
  for (let i = 0; i < 100; i++) p.write(`.heimdall/docs/g${i}.md`, `# G${i}\n\n${sections('gizmo', 'only')}`);
  for (let i = 0; i < 600; i++) p.write(`.heimdall/docs/f${i}.md`, `# F${i}\n\n${sections('filler', 'words')}`);
  t.like((await heimdallJson(['load', '.heimdall/docs', '--json'], { cwd: p.root })).json.summary, { loaded: 1100 });
  const widgets = async () => (await hits(p, 'widget gizmo', 700)).filter((hit) => hit.includes('/w')).length;
  t.true((await widgets()) > 0, 'before: both words');
  for (let i = 0; i < 400; i++) p.write(`.heimdall/docs/w${i}.md`, `# W${i}\n\n${sections('widget', 'second')}`);
  t.like((await heimdallJson(['load', '.heimdall/docs', '--json'], { cwd: p.root })).json.summary, { loaded: 400 });
  t.true((await widgets()) > 0, 'after: both words still');
});
