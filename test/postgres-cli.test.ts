// The CLI with store.url set: every command on a private PostgreSQL cluster (test/helpers/pg-cluster.ts), as a team
// would run it. Serial: the last test kills the server.
import test from 'ava';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { docsOnDisk, git, makeGitRepo, storedSources } from './helpers/git-repo.js';
import { privateCluster } from './helpers/pg-cluster.js';
import { heimdall, heimdallJson, makeProject, tempDir, waitFor } from './helpers/project.js';
import { connectStdio, textOf } from './helpers/mcp-client.js';

const pg = privateCluster(test);
const pgTest = pg.test.serial;

const storeConfig = (url: string, extra = '') => `store:\n  url: ${JSON.stringify(url)}\n${extra}`;

pgTest('sync, load, remove-file, search, show and status work on the PostgreSQL store; no SQLite file is made', async (t) => {
  const { url } = await pg.cluster.createDatabase();
  const p = makeProject(t, {
    docs: { 'ops.md': '# Ops\n\n## Watchman clocks\n\nThe clock names a point in time.\n', 'db.md': '# Database\n\nConnection pool sizing.\n' },
    config: storeConfig(url, '  project: team/ops\n'),
  });
  const sync = await heimdallJson(['sync'], { cwd: p.root });
  t.is(sync.exitCode, 0, sync.stderr);
  t.is(sync.json.summary.loaded, 2);
  t.false(existsSync(path.join(p.root, '.heimdall', 'memory.db')), 'nothing in SQLite');
  const found = await heimdallJson(['search', 'watchman', 'clock'], { cwd: p.root });
  t.is(found.exitCode, 0, found.stderr);
  t.deepEqual(found.json.hits.map((hit: { path: string; heading: string }) => [hit.path, hit.heading]), [['.heimdall/docs/ops.md', 'Ops > Watchman clocks']]);
  t.regex(found.json.hits[0].snippet, /\*\*clock\*\*/);
  const [hit] = found.json.hits;
  const shown = await heimdallJson(['show', `${hit.path}:${hit.lines[0]}-${hit.lines[1]}`], { cwd: p.root });
  t.is(shown.exitCode, 0, shown.stderr);
  t.regex(shown.json.text, /Watchman clocks/);
  p.write('.heimdall/docs/db.md', '# Database\n\nReplica lag.\n');
  const load = await heimdallJson(['load', '.heimdall/docs/db.md'], { cwd: p.root });
  t.is(load.exitCode, 0, load.stderr);
  t.is(load.json.results[0].action, 'loaded');
  t.is((await heimdallJson(['search', 'replica'], { cwd: p.root })).json.hits.length, 1);
  const removed = await heimdallJson(['remove-file', '.heimdall/docs/ops.md'], { cwd: p.root });
  t.is(removed.json.results[0].action, 'removed');
  const status = await heimdallJson(['status'], { cwd: p.root });
  t.is(status.exitCode, 0, status.stderr);
  t.like(status.json, { exists: true, sources: 1, memories: 1 });
  t.regex(status.json.store, /^postgresql:\/\/heimdall@localhost\/.* \(project team\/ops\)$/);
  t.deepEqual((await storedSources(p.root)).map((s) => s.path), ['.heimdall/docs/db.md']);
  // What the README promises of a read replica: the reading commands never write (a read-only session, as a hot
  // standby gives, answers them all).
  const readOnly = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c default_transaction_read_only=on')}`;
  for (const args of [['search', 'replica'], ['status'], ['sources'], ['show', '.heimdall/docs/db.md']]) {
    const read = await heimdall([...args, '--json'], { cwd: p.root, env: { HEIMDALL_STORE_URL: readOnly } });
    t.is(read.exitCode, 0, `${args.join(' ')}: ${read.stderr}`);
  }
  const write = await heimdall(['load', '.heimdall/docs/db.md'], { cwd: p.root, env: { HEIMDALL_STORE_URL: readOnly } });
  // A writer pointed at a replica: a config error, not a failure to retry.
  t.is(write.exitCode, 2, write.stderr);
  t.regex(write.stderr, /cannot use the PostgreSQL store .*read-only transaction.*check store\.url/);
  // The rows are in the database, under the project's namespace.
  const [row] = await pg.cluster.query('SELECT count(*)::int AS n FROM heimdall.sources s JOIN heimdall.projects p ON p.id = s.project_id WHERE p.name = $1 AND s.removed_at_ms IS NULL', ['team/ops'], dbName(url));
  t.is(row.n, 1);
});

pgTest('heimdall mcp on the PostgreSQL store: its own sync keeps answers fresh; search, get, list, status and remember as on SQLite', async (t) => {
  const { url } = await pg.cluster.createDatabase();
  const p = makeProject(t, {
    docs: { 'ops.md': '# Operations\n\n## Watchman clocks\n\nThe monitor saves the clock after each batch.\n' },
    config: storeConfig(url, '  project: team/mcp\nmcp:\n  start_monitor: false\n  freshness_ms: 30000\n'),
  });
  const mcp = await connectStdio(t, p.root);
  const found = await mcp.call('search', { query: 'watchman clock' });
  t.falsy(found.isError, textOf(found));
  t.deepEqual(found.structuredContent.hits.map((hit) => [hit.path, hit.heading]), [['.heimdall/docs/ops.md', 'Operations > Watchman clocks']]);
  t.like(found.structuredContent.freshness, { fresh: true, via: 'sync' });
  // A doc written just before the call is in that call's answer.
  p.write('.heimdall/docs/new.md', '# Newcomer\n\nthe aardvark arrives\n');
  t.deepEqual((await mcp.call('search', { query: 'aardvark' })).structuredContent.hits.map((hit) => hit.path), ['.heimdall/docs/new.md']);
  const section = (await mcp.call('get', { path: '.heimdall/docs/ops.md', heading: 'Watchman clocks' })).structuredContent;
  t.regex(section.text, /saves the clock/);
  t.deepEqual((await mcp.call('list')).structuredContent.docs.map((doc) => doc.path), ['.heimdall/docs/new.md', '.heimdall/docs/ops.md']);
  const remembered = await mcp.call('remember', { title: 'Pool size', text: 'Keep the connection pool at ten.' });
  t.falsy(remembered.isError, textOf(remembered));
  t.like(remembered.structuredContent, { indexed: true });
  t.deepEqual((await mcp.call('search', { query: 'connection pool' })).structuredContent.hits.map((hit) => hit.path), [remembered.structuredContent.path]);
  const status = (await mcp.call('status')).structuredContent;
  t.like(status, { store: { exists: true, sources: 3 } });
  t.regex(status.store.file, /^postgresql:\/\/heimdall@localhost\/.* \(project team\/mcp\)$/);
  t.false(existsSync(path.join(p.root, '.heimdall', 'memory.db')), 'nothing in SQLite');
});

pgTest('two repositories in one database: each its own namespace (its remote), neither sees the other', async (t) => {
  const { url } = await pg.cluster.createDatabase();
  const one = await makeGitRepo(t, { docs: { 'a.md': '# Alpha\n\nshared word and osprey\n' }, config: storeConfig(url) });
  const two = await makeGitRepo(t, { docs: { 'a.md': '# Beta\n\nshared word and heron\n' }, config: storeConfig(url) });
  await one.git(['remote', 'add', 'origin', 'git@example.com:team/one.git']);
  await two.git(['remote', 'add', 'origin', 'https://user:token@example.com/team/two']);
  for (const repo of [one, two]) {
    const sync = await heimdall(['sync'], { cwd: repo.root });
    t.is(sync.exitCode, 0, sync.stderr);
  }
  const names = (await pg.cluster.query('SELECT name FROM heimdall.projects ORDER BY name', [], dbName(url))).map((r: { name: string }) => r.name);
  t.deepEqual(names, ['example.com/team/one', 'example.com/team/two']);
  const heads = async (root: string, words: string) => (await heimdallJson(['search', words], { cwd: root })).json.hits.map((hit: { heading: string }) => hit.heading);
  t.deepEqual(await heads(one.root, 'shared'), ['Alpha']);
  t.deepEqual(await heads(two.root, 'shared'), ['Beta']);
  t.deepEqual(await heads(one.root, 'heron'), []);
  t.is((await heimdall(['search', 'osprey'], { cwd: two.root })).exitCode, 0);
  t.deepEqual(await heads(two.root, 'osprey'), []);
});

pgTest('20 concurrent loaders across two checkouts of one project: the store ends equal to each disk', async (t) => {
  const { url } = await pg.cluster.createDatabase();
  const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.md`, `# File ${i}\n\nversion one of ${i}\n`]));
  const origin = await makeGitRepo(t, { docs: files, config: storeConfig(url, '  project: shared\n') });
  const clone = path.join(tempDir(t), 'clone');
  await git(path.dirname(clone), ['clone', '-q', origin.root, clone]);
  const checkouts = [origin.root, clone];
  const loadAll = () =>
    Promise.all(Array.from({ length: 20 }, (_, i) => heimdallJson(['load', '.heimdall/docs'], { cwd: checkouts[i % 2] })));
  for (const run of await loadAll()) t.is(run.exitCode, 0, run.stderr);
  for (const root of checkouts) t.deepEqual(await storedSources(root), docsOnDisk(root));
  // Version two in both checkouts (committed in one, pulled in the other), loaded by 20 at once again.
  for (let i = 0; i < 30; i += 2) origin.write(`.heimdall/docs/f${i}.md`, `# File ${i}\n\nversion two of ${i}\n`);
  await origin.git(['commit', '-q', '-am', 'two']);
  await git(clone, ['pull', '-q']);
  for (const run of await loadAll()) t.is(run.exitCode, 0, run.stderr);
  for (const root of checkouts) t.deepEqual(await storedSources(root), docsOnDisk(root));
  t.is((await heimdallJson(['search', 'version', 'two'], { cwd: clone })).json.hits.length, 10);
});

pgTest('one file whose write fails in a chunk: the files before it say loaded (each its own transaction), it fails temporary, the rest load', async (t) => {
  const { url } = await pg.cluster.createDatabase();
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nfirst\n' }, config: storeConfig(url, '  project: chunk\n') });
  // The schema (and a.md's first version) first: the trigger below needs the table.
  t.is((await heimdall(['load', '.heimdall/docs'], { cwd: p.root })).exitCode, 0);
  p.write('.heimdall/docs/a.md', '# A\n\nfirst, edited\n');
  p.write('.heimdall/docs/b.md', '# B\n\nrefused\n');
  p.write('.heimdall/docs/c.md', '# C\n\nthird\n');
  // A server-side failure of b.md's write alone (53100, disk full: a temporary error), in the middle of the chunk.
  await pg.cluster.query(
    `CREATE FUNCTION heimdall.refuse_b() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
       IF NEW.path = '.heimdall/docs/b.md' THEN RAISE EXCEPTION 'no room for b' USING ERRCODE = '53100'; END IF; RETURN NEW; END $$;
     CREATE TRIGGER refuse_b BEFORE INSERT OR UPDATE ON heimdall.sources FOR EACH ROW EXECUTE FUNCTION heimdall.refuse_b();`,
    [],
    dbName(url),
  );
  // One chunk whatever the planning takes (the seam lifts the chunk's 50 ms bound; it stalls nothing by itself).
  const load = await heimdallJson(['load', '.heimdall/docs'], { cwd: p.root, env: { HEIMDALL_TEST_STALL_IN_GROUP: '1' } });
  t.is(load.exitCode, 75, load.stderr);
  const actions = Object.fromEntries(load.json.results.map((r: { path: string; action: string }) => [r.path, r.action]));
  t.deepEqual(actions, { '.heimdall/docs/a.md': 'loaded', '.heimdall/docs/b.md': 'failed', '.heimdall/docs/c.md': 'loaded' });
  t.deepEqual((await storedSources(p.root)).map((s) => s.path), ['.heimdall/docs/a.md', '.heimdall/docs/c.md']);
});

pgTest('a wrong password or a missing database: exit 2, the URL named without its password', async (t) => {
  const badPassword = pg.cluster.url('postgres', { user: 'secret', password: 'not-the-password' });
  const missing = pg.cluster.url('no_such_database');
  for (const url of [badPassword, missing]) {
    const p = makeProject(t, { docs: { 'a.md': '# A\n\nx\n' }, config: storeConfig(url) });
    for (const args of [['sync'], ['search', 'x'], ['status']]) {
      const result = await heimdall(args, { cwd: p.root });
      t.is(result.exitCode, 2, `${args.join(' ')}: ${result.stderr}`);
      t.regex(result.stderr, /cannot use the PostgreSQL store postgresql:\/\/(secret|heimdall)@localhost/);
      t.false(result.stderr.includes('not-the-password'));
    }
  }
  // HEIMDALL_STORE_URL overrides store.url: the same refusal without any config.
  const plain = makeProject(t, { docs: { 'a.md': '# A\n\nx\n' } });
  const result = await heimdall(['sync'], { cwd: plain.root, env: { HEIMDALL_STORE_URL: badPassword } });
  t.is(result.exitCode, 2, result.stderr);
  t.false(result.stderr.includes('not-the-password'));
});

pgTest('the server SIGKILLed in the middle of a large sync: the sync exits 75; after a restart the next sync converges', async (t) => {
  const { url } = await pg.cluster.createDatabase();
  const docs = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`d${i % 30}/doc-${i}.md`, `# Doc ${i}\n\n## Part\n\nwords of document ${i}\n`]));
  const retry = 'executor:\n  batch_size: 100\n  retry:\n    base_ms: 50\n    cap_ms: 100\n    attempts: 2\n';
  const p = makeProject(t, { docs, config: `${storeConfig(url, '  project: big\n')}${retry}` });
  const sync = heimdallJson(['sync'], { cwd: p.root, timeout: 120_000 });
  await waitFor(async () => (await pg.cluster.query('SELECT count(*)::int AS n FROM heimdall.sources', [], dbName(url)).catch(() => [{ n: 0 }]))[0].n >= 300, {
    timeout: 60_000,
    what: 'the sync to have stored a part',
  });
  await pg.cluster.kill();
  const killed = await sync;
  t.is(killed.exitCode, 75, killed.stderr);
  await pg.cluster.start();
  const again = await heimdallJson(['sync'], { cwd: p.root, timeout: 120_000 });
  t.is(again.exitCode, 0, again.stderr);
  t.deepEqual(await storedSources(p.root), docsOnDisk(p.root));
});

function dbName(url: string): string {
  return new URL(url).pathname.slice(1);
}

