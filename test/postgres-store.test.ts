// The PostgreSQL store against a real server (a private cluster for this file, test/helpers/pg-cluster.ts), each
// test in a database of its own: migrations, the write semantics the SQLite store has (checked side by side with
// it), projects sharing one database, concurrent writers of the same files, and search.
import test, { type ExecutionContext } from 'ava';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HeimdallError } from '../dist/errors/heimdall-error.js';
import type { MatchQuery } from '../dist/store/match-query.js';
import { PostgresStore, type PostgresStoreOptions } from '../dist/store/postgres/postgres-store.js';
import { postgresSchemaVersion } from '../dist/store/postgres/postgres-migrations.js';
import { Store } from '../dist/store/store.js';
import { readStoredSources } from '../dist/store/read-sources.js';
import { parseMarkdown } from '../dist/markdown/parse-markdown.js';
import { parseQuery, queryMatch } from '../dist/recall/parse-query.js';
import { defaultWeights } from '../dist/recall/search-memories.js';
import type { ColumnWeights, RowFilter } from '../dist/store/search-rows.js';
import { privateCluster } from './helpers/pg-cluster.js';
import { guide, recallDocs } from './helpers/recall-corpus.js';

const pg = privateCluster(test);
const pgTest = pg.test;

async function database(t: ExecutionContext) {
  const db = await pg.cluster.createDatabase();
  const open = async (project = 'p', options: Omit<PostgresStoreOptions, 'url' | 'project'> = {}) => {
    const store = await PostgresStore.open({ url: db.url, project, ...options });
    t.teardown(() => store.close());
    return store;
  };
  return { ...db, open, query: (sql: string, params?: unknown[]) => pg.cluster.query(sql, params, db.name) };
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const statOf = (text: string, mtimeMs = 1000) => ({ sha1: sha1(text), size: Buffer.byteLength(text), mtimeMs });

/** What load does with a file: parse it and replace its memories. */
async function put(store: Store | PostgresStore, rel: string, text: string, mtimeMs?: number): Promise<boolean> {
  const doc = parseMarkdown(text);
  return (await store.replace(rel, statOf(text, mtimeMs), { title: doc.title, tags: doc.tags }, doc.memories)) === true;
}

const matchOf = (input: string, mode: MatchQuery['mode'] = 'all'): MatchQuery => {
  const query = parseQuery(input);
  return { terms: query.terms, excluded: query.excluded, mode };
};

pgTest('a new database gets the schema on open; a second open migrates nothing; reading never creates it', async (t) => {
  const db = await database(t);
  t.is(await PostgresStore.openExisting({ url: db.url, project: 'p' }), null, 'nothing stored yet');
  t.deepEqual(await db.query("SELECT nspname FROM pg_namespace WHERE nspname = 'heimdall'"), [], 'a reader created nothing');
  const first = await db.open();
  t.is(postgresSchemaVersion, 1);
  t.deepEqual(await db.query('SELECT version FROM heimdall.schema_version'), [{ version: postgresSchemaVersion }]);
  await put(first, 'docs/a.md', '# A\n\nkept\n');
  await first.close();
  const again = await db.open();
  t.deepEqual((await again.listSources()).map((s) => s.path), ['docs/a.md'], 'the data survives a re-open');
  t.deepEqual(await db.query('SELECT version FROM heimdall.schema_version'), [{ version: postgresSchemaVersion }]);
  t.is(await PostgresStore.openExisting({ url: db.url, project: 'other' }), null, 'a project never written is no store for a reader');
  const reader = await PostgresStore.openExisting({ url: db.url, project: 'p' });
  t.is((await reader!.status()).sources, 1);
  await reader!.close();
});

pgTest('many processes opening a new database at once create the schema once', async (t) => {
  const db = await database(t);
  const stores = await Promise.all(Array.from({ length: 8 }, (_, i) => db.open(`p${i % 2}`)));
  t.is(stores.length, 8);
  t.deepEqual(await db.query('SELECT version FROM heimdall.schema_version'), [{ version: postgresSchemaVersion }]);
  t.deepEqual((await db.query('SELECT name FROM heimdall.projects ORDER BY name')).map((r) => r.name), ['p0', 'p1'], 'one row per project');
});

pgTest('a schema newer than this heimdall is refused and left untouched, for writers and readers', async (t) => {
  const db = await database(t);
  const store = await db.open();
  await put(store, 'docs/a.md', '# A\n');
  await store.close();
  await db.query('UPDATE heimdall.schema_version SET version = 99');
  for (const open of [PostgresStore.open, PostgresStore.openExisting]) {
    const error = await t.throwsAsync<HeimdallError>(open({ url: db.url, project: 'p' }));
    t.is(error.code, 'store-too-new');
    t.is(error.exitCode, 1);
    t.regex(error.message, /schema version 99, newer than this heimdall understands \(1\)/);
    t.true(error.message.includes(`postgresql://heimdall@localhost/${db.name}`), error.message);
  }
  t.deepEqual(await db.query('SELECT version FROM heimdall.schema_version'), [{ version: 99 }]);
  t.deepEqual(await db.query('SELECT count(*)::int AS n FROM heimdall.sources'), [{ n: 1 }]);
});

pgTest("someone else's tables in a schema named heimdall are refused, never built over", async (t) => {
  const db = await database(t);
  await db.query('CREATE SCHEMA heimdall; CREATE TABLE heimdall.precious (x int)');
  const error = await t.throwsAsync<HeimdallError>(PostgresStore.open({ url: db.url, project: 'p' }));
  t.is(error.code, 'store-corrupt');
  t.regex(error.message, /holds tables that are not a heimdall store/);
  t.deepEqual(await db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'heimdall'"), [{ tablename: 'precious' }]);
});

// The same operations on the SQLite store and on PostgreSQL, step by step: the same answers.
pgTest('replace, touch, remove, renames and purges answer as the SQLite store does', async (t) => {
  const db = await database(t);
  const postgres = await db.open();
  const dir = mkdtempSync(path.join(tmpdir(), 'heimdall-sqlite-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'memory.db');
  const sqlite = new Store(file);
  t.teardown(() => sqlite.close());
  // `any`: a JSON round trip (Maps as objects, ids left out), read field by field like a parsed report.
  const withoutIds = (value: unknown): any =>
    JSON.parse(JSON.stringify(value ?? null, (key, v) => (key === 'id' || key === 'indexedAtMs' ? undefined : v instanceof Map ? Object.fromEntries(v) : v)));
  const both = async (what: string, run: (s: Store | PostgresStore) => unknown) => {
    const expected = withoutIds(await run(sqlite));
    t.deepEqual(withoutIds(await run(postgres)), expected, what);
    return expected;
  };
  const v1 = '# A\n\none\n\n## Two\n\ntwo\n';
  const v2 = '# A\n\nchanged\n';
  t.true(await both('a new file', (s) => put(s, 'docs/a.md', v1)));
  t.false(await both('the same content again', (s) => put(s, 'docs/a.md', v1)));
  t.true(await both('new content', (s) => put(s, 'docs/a.md', v2)));
  t.is((await both('its record', (s) => s.liveSource('docs/a.md'))).memories, 1);
  await both('a touch', (s) => s.touch('docs/a.md', statOf(v2, 5000)));
  t.is((await both('the stat touched', (s) => s.liveSource('docs/a.md'))).mtimeMs, 5000);
  for (const rel of ['docs/sub/b.md', 'docs/sub/c.md', 'docs/subway.md', 'docs/B.md', 'docs/é.md', 'docs/z.md']) {
    await both(`add ${rel}`, (s) => put(s, rel, `# ${rel}\n\nbody of ${rel}\n`));
  }
  t.deepEqual((await both('under a folder', (s) => s.liveSourcesUnder('docs/sub'))).map((r: { path: string }) => r.path).sort(), ['docs/sub/b.md', 'docs/sub/c.md']);
  t.deepEqual(
    (await both('every source, in byte order', (s) => s.listSources())).map((r: { path: string }) => r.path),
    ['docs/B.md', 'docs/a.md', 'docs/sub/b.md', 'docs/sub/c.md', 'docs/subway.md', 'docs/z.md', 'docs/é.md'],
  );
  t.is(await both('remove', (s) => s.remove('docs/a.md')), 1);
  t.is(await both('remove again', (s) => s.remove('docs/a.md')), null);
  t.is(await both('gone', (s) => s.liveSource('docs/a.md')), null);
  t.true(await both('a removed content is there for a rename', (s) => s.removedWithContent(statOf(v2).sha1, 'docs/moved/a2.md')));
  t.false(await both('but not for a live path', (s) => s.removedWithContent(statOf(v2).sha1, 'docs/z.md')));
  t.is(await both('a rename onto a live path claims nothing', (s) => s.claimRemoved('docs/z.md', statOf(v2))), null);
  t.deepEqual(await both('a rename claims the removed content', (s) => s.claimRemoved('docs/moved/a2.md', statOf(v2, 7000))), { from: 'docs/a.md', memories: 1 });
  t.is(await both('claimed once', (s) => s.claimRemoved('docs/other.md', statOf(v2))), null);
  t.is((await both('the moved record', (s) => s.liveSource('docs/moved/a2.md'))).mtimeMs, 7000);
  const paths = async (s: Store | PostgresStore) => (await (s instanceof Store ? s.rank('"moved"', defaultWeights, {}, 5) : s.rank(matchOf('moved'), defaultWeights, {}, 5))).map((r) => r.path);
  t.deepEqual(await both('its memories are found by the new path', paths), ['docs/moved/a2.md']);
  await both('remove for the purge', (s) => s.remove('docs/z.md'));
  await both('a purge of what is older than a minute keeps it', (s) => s.purgeRemoved(60_000));
  t.truthy(await both('still claimable', (s) => s.claimRemoved('docs/z2.md', statOf('# docs/z.md\n\nbody of docs/z.md\n'))));
  await both('remove again', (s) => s.remove('docs/z2.md'));
  await both('purge everything removed', (s) => s.purgeRemoved(-1));
  t.is(await both('nothing left to claim', (s) => s.claimRemoved('docs/z3.md', statOf('# docs/z.md\n\nbody of docs/z.md\n'))), null);
  const [r1, r2] = ['# R\n\nfirst r\n', '# R\n\nsecond r\n'];
  await both('a file to remove', (s) => put(s, 'docs/r.md', r1));
  await both('removed', (s) => s.remove('docs/r.md'));
  await both('created again, other content', (s) => put(s, 'docs/r.md', r2));
  t.false(await both('nor is a removed file created again', (s) => s.removedWithContent(statOf(r1).sha1, 'docs/r-moved.md')));
  t.is(await both('a removed file created again is no rename origin', (s) => s.claimRemoved('docs/r-moved.md', statOf(r1))), null);
  t.true(await both('its old content back', (s) => put(s, 'docs/r.md', r1)));
  const status = await postgres.status();
  t.like(status, { ...sqlite.status(0), storeBytes: status.storeBytes, schemaVersion: 1 });
  t.true(status.storeBytes > 0);
  t.deepEqual(withoutIds(await postgres.storedStats()), withoutIds(readStoredSources(file)));
  t.true(await both('an empty doc', (s) => put(s, 'docs/empty.md', '')));
  t.is((await both('has no memories', (s) => s.liveSource('docs/empty.md'))).memories, 0);
});

pgTest('a touch with content the store no longer holds changes nothing', async (t) => {
  const db = await database(t);
  const store = await db.open();
  await put(store, 'docs/a.md', 'new content', 1000);
  await store.touch('docs/a.md', statOf('old content', 9000));
  t.is((await store.liveSource('docs/a.md'))!.mtimeMs, 1000, "another writer's newer content keeps its own stat");
});

pgTest('two projects in one database never see each other; the same path in both is two sources', async (t) => {
  const db = await database(t);
  const one = await db.open('github.com/team/one');
  const two = await db.open('github.com/team/two');
  const text = '# Shared\n\nthe same doc in both\n';
  t.true(await put(one, 'docs/a.md', text));
  t.true(await put(two, 'docs/a.md', text), 'the same content in another project is new there');
  t.true(await put(one, 'docs/only-one.md', '# One\n\nalbatross\n'));
  t.true(await put(two, 'docs/only-two.md', '# Two\n\nbuzzard\n'));
  t.deepEqual((await one.listSources()).map((s) => s.path), ['docs/a.md', 'docs/only-one.md']);
  t.deepEqual((await two.listSources()).map((s) => s.path), ['docs/a.md', 'docs/only-two.md']);
  t.deepEqual(await one.rank(matchOf('buzzard'), defaultWeights, {}, 10), []);
  t.is((await two.rank(matchOf('buzzard'), defaultWeights, {}, 10)).length, 1);
  const shared = await one.rank(matchOf('shared'), defaultWeights, {}, 10);
  t.is(shared.length, 1, "one project's search finds its own copy only");
  const theirs = await two.rank(matchOf('shared'), defaultWeights, {}, 10);
  t.deepEqual((await one.snippets(matchOf('shared'), theirs.map((r) => r.id))).size, 0, "another project's ids give nothing away");
  t.deepEqual((await one.texts(theirs.map((r) => r.id))).size, 0);
  t.deepEqual((await one.matching(matchOf('shared'), theirs.map((r) => r.id))).size, 0);
  t.is(await one.remove('docs/a.md'), 1);
  t.truthy(await two.liveSource('docs/a.md'), 'removing it in one project leaves the other');
  t.is(await two.claimRemoved('docs/renamed.md', statOf(text)), null, "a rename never claims another project's removed file");
  t.like(await one.status(), { sources: 1, memories: 1 });
  t.like(await two.status(), { sources: 2, memories: 2 });
});

pgTest('20 concurrent writers of the same files: no mix, no lost update, the last to commit wins, equal content is a no-op', async (t) => {
  const db = await database(t);
  const writers = await Promise.all(Array.from({ length: 20 }, () => db.open('shared', { maxConnections: 2 })));
  const paths = ['docs/a.md', 'docs/b.md', 'docs/c.md', 'docs/d.md', 'docs/e.md'];
  // Writer w's version has w % 3 + 1 sections, each naming w: a mix of two versions would show.
  const version = (w: number) => Array.from({ length: (w % 3) + 1 }, (_, k) => `# Writer ${w} part ${k}\n\nwritten by w${w}\n`).join('\n');
  for (const rel of paths) await put(writers[0], rel, '# Seed\n\nthe first version\n');
  const lastCommitted = new Map<string, number>();
  await Promise.all(
    writers.flatMap((store, w) =>
      paths.map(async (rel) => {
        t.true(await put(store, rel, version(w)), 'every version differs from what any other writer stored');
        lastCommitted.set(rel, w);
      }),
    ),
  );
  const check = async (rel: string, w: number) => {
    const source = await writers[0].liveSource(rel);
    t.is(source!.sha1, sha1(version(w)), `${rel}: the last writer to commit (w${w}) won`);
    const rows = await db.query(
      "SELECT m.text FROM heimdall.memories m JOIN heimdall.sources s ON s.id = m.source_id WHERE s.path = $1 AND s.removed_at_ms IS NULL ORDER BY m.ordinal",
      [rel],
    );
    t.is(rows.length, (w % 3) + 1, `${rel}: exactly that version's memories`);
    t.true(rows.every((row: { text: string }) => row.text.endsWith(`written by w${w}`)), `${rel}: nothing of another version`);
  };
  for (const rel of paths) await check(rel, lastCommitted.get(rel)!);
  t.is((await db.query('SELECT count(*)::int AS n FROM heimdall.sources')).at(0).n, paths.length, 'one source per path');
  t.is((await db.query('SELECT count(*)::int AS n FROM heimdall.memories')).at(0).n, paths.reduce((n, rel) => n + (lastCommitted.get(rel)! % 3) + 1, 0), 'no memory left over');

  // All of them at once with one content: one writes it, the others find it already there.
  const results = await Promise.all(writers.flatMap((store) => paths.map(async (rel): Promise<[string, boolean]> => [rel, await put(store, rel, version(7))])));
  for (const rel of paths) {
    const byPath = results.filter(([p]) => p === rel).map(([, changed]) => changed);
    t.is(byPath.filter(Boolean).length, lastCommitted.get(rel) === 7 ? 0 : 1, `${rel}: one writer stored it, the others were no-ops`);
    await check(rel, 7);
  }
});

// --- search ---

const corpus = {
  'docs/guide.md': guide,
  ...Object.fromEntries(Object.entries(recallDocs).map(([rel, text]) => [`docs/${rel}`, text])),
  'docs/café.md': '# Café\n\nThe naïve barista serves crème brûlée.\n',
};

async function searchable(t: ExecutionContext) {
  const db = await database(t);
  const store = await db.open();
  for (const [rel, text] of Object.entries(corpus)) await put(store, rel, text);
  const places = async (input: string, { mode = 'all', filter = {}, weights = defaultWeights }: { mode?: MatchQuery['mode']; filter?: RowFilter; weights?: ColumnWeights } = {}) =>
    (await store.rank(matchOf(input, mode), weights, filter, 10)).map((row) => `${row.path.replace('docs/', '')} ${row.heading}`);
  return { store, places };
}

pgTest('word forms match (the english stemmer): migrate finds "migrations", configure "Configuration"', async (t) => {
  const { places } = await searchable(t);
  t.deepEqual(await places('migrate'), ['guide.md Setup guide > Database']);
  t.deepEqual(await places('configure'), ['guide.md Setup guide > Configuration']);
  t.deepEqual(await places('reuse connection'), ['lang.md Languages > Pools']);
  t.deepEqual(await places('cafe naive'), ['café.md Café'], 'accents on Latin letters are left out, as remove_diacritics does');
});

pgTest('phrases, the prefix of the last word, exclusions, identifiers and their parts', async (t) => {
  const { places } = await searchable(t);
  t.deepEqual(await places('"connection pool"'), ['guide.md Setup guide > Configuration']);
  t.deepEqual(await places('"pool connection"'), [], 'a phrase keeps its order');
  t.deepEqual((await places('conn')).sort(), ['guide.md Setup guide > Configuration', 'lang.md Languages > Pools']);
  t.deepEqual(await places('"conn"'), [], 'a quoted word is no prefix');
  t.deepEqual(await places('migrations -draft'), []);
  t.deepEqual((await places('pool -"size pool"')).sort(), ['guide.md Setup guide > Configuration', 'lang.md Languages > Pools'], 'an excluded phrase excludes only the phrase');
  t.deepEqual(await places('pool -"pool size"'), ['lang.md Languages > Pools']);
  t.deepEqual(await places('pool -config'), ['lang.md Languages > Pools']);
  t.deepEqual(await places('handleError'), ['guide.md Setup guide > Configuration']);
  t.deepEqual(await places('handle error'), ['guide.md Setup guide > Configuration'], 'camelCase parts are words too');
  t.deepEqual(await places('max_file_bytes'), ['guide.md Setup guide > Configuration']);
  t.deepEqual(await places('ledger zebra'), [], 'every word, in the all-words match');
  t.deepEqual(await places('ledger zebra', { mode: 'any' }), ['runbooks/payments.md Payments'], 'any of them, in the fallback');
  t.is((await places('the')).length, 4, 'function words are words (no stop words)');
});

pgTest('the title, the tags and the path words are searchable, and a title or tag hit outranks the body', async (t) => {
  const db = await database(t);
  const store = await db.open();
  await put(store, 'docs/zephyr-notes.md', '# Notes\n\nnothing about the wind here\n');
  await put(store, 'docs/titled.md', '---\ntitle: Zephyr\n---\nplain words\n');
  await put(store, 'docs/tagged.md', '---\ntags: [zephyr]\n---\n# Tagged\n\nplain words\n');
  await put(store, 'docs/body.md', '# Body\n\nthe zephyr blows once in this long body of plain words and more words\n');
  const ranked = (await store.rank(matchOf('zephyr'), defaultWeights, {}, 10)).map((row) => row.path);
  t.deepEqual(ranked, ['docs/titled.md', 'docs/tagged.md', 'docs/body.md', 'docs/zephyr-notes.md'], 'title (x4) > tags (x2) > body (x1) > path (x0.5)');
  const flat = { text: 1, heading: 1, title: 1, tags: 1, path: 1, parts: 1 };
  const equal = await store.rank(matchOf('zephyr'), flat, {}, 10);
  t.is(equal.length, 4);
  t.true(equal.every((row) => row.rank < 0), 'lower is better, as bm25');
  const bodyFirst = { text: 8, heading: 1, title: 1, tags: 1, path: 1, parts: 1 };
  t.is((await store.rank(matchOf('zephyr'), bodyFirst, {}, 10))[0].path, 'docs/body.md', 'the weights are the caller\'s');
});

pgTest('snippets mark the matches between ** with an ellipsis where the text was cut; filters by tag and path', async (t) => {
  const { store, places } = await searchable(t);
  const rows = await store.rank(matchOf('migrate'), defaultWeights, {}, 10);
  const snippets = await store.snippets(matchOf('migrate'), rows.map((row) => row.id));
  t.is(snippets.get(rows[0].id), '## Database\n\nWe ran the **migrations** yesterday. This is a draft.', 'a short text whole, as SQLite gives it');
  const long = `# Long\n\n${'filler words come first here. '.repeat(10)}then the albatross lands ${'and more words follow after it. '.repeat(10)}\n`;
  await put(store, 'docs/long.md', long);
  const [hit] = await store.rank(matchOf('albatross'), defaultWeights, {}, 1);
  const snippet = (await store.snippets(matchOf('albatross'), [hit.id])).get(hit.id);
  t.regex(snippet!, /^….*\*\*albatross\*\*.*…$/);
  t.true(snippet!.split(/\s+/).length <= 18, snippet);
  t.deepEqual((await store.texts([hit.id])).get(hit.id), `Long ${long.trim()}`);
  t.deepEqual([...(await store.matching(matchOf('albatross'), [hit.id, rows[0].id]))], [hit.id]);
  t.deepEqual((await places('pool', { filter: { tags: ['LANGUAGES'] } })), ['lang.md Languages > Pools'], 'tags compare case-insensitively');
  t.deepEqual(await places('pool', { filter: { tags: ['languages', 'ops'] } }), [], 'every tag');
  t.deepEqual(await places('pool', { filter: { path: (p: string) => p.startsWith('docs/guide') } }), ['guide.md Setup guide > Configuration']);
});

// The same queries on both stores find the same memories (ranks differ: bm25 is not ts_rank_cd).
pgTest('the memories a query finds are those the SQLite store finds', async (t) => {
  const { store } = await searchable(t);
  const dir = mkdtempSync(path.join(tmpdir(), 'heimdall-sqlite-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const sqlite = new Store(path.join(dir, 'memory.db'));
  t.teardown(() => sqlite.close());
  for (const [rel, text] of Object.entries(corpus)) await put(sqlite, rel, text);
  const queries = ['migrate', 'configure', 'connection pool', '"connection pool"', 'conn', 'handle error', 'handleError', 'max_file_bytes', 'runbooks', 'onboarding', 'setup database', 'pool -draft', 'ledger', 'C++', 'languages pool', 'read first', 'refund', 'cafe', 'brulee'];
  for (const input of queries) {
    for (const mode of ['all', 'any'] as const) {
      const fts = queryMatch(parseQuery(input), mode);
      const expected = sqlite.rank(fts!, defaultWeights, {}, 20).map((row) => `${row.path} ${row.heading}`).sort();
      const actual = (await store.rank(matchOf(input, mode), defaultWeights, {}, 20)).map((row) => `${row.path} ${row.heading}`).sort();
      t.deepEqual(actual, expected, `${input} (${mode})`);
    }
  }
});
