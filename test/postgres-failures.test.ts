// The PostgreSQL store when the server fails it: killed mid-write, shutting down, not there, refusing the login
// or the database. A cluster of this file's own, since its tests stop and kill it (so they run one at a time).
import test, { type ExecutionContext } from 'ava';
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import type { ErrorCode } from '../dist/contract/error-code.js';
import type { HeimdallError } from '../dist/errors/heimdall-error.js';
import { PostgresStore } from '../dist/store/postgres/postgres-store.js';
import { postgresError } from '../dist/store/postgres/postgres-error.js';
import { parseMarkdown } from '../dist/markdown/parse-markdown.js';
import { privateCluster } from './helpers/pg-cluster.js';
import { heimdall, makeProject, waitFor } from './helpers/project.js';

const pg = privateCluster(test);
const pgTest = pg.test.serial;

const put = (store: PostgresStore, rel: string, text: string) => {
  const doc = parseMarkdown(text);
  const stat = { sha1: createHash('sha1').update(text).digest('hex'), size: Buffer.byteLength(text), mtimeMs: 1 };
  return store.replace(rel, stat, { title: doc.title, tags: doc.tags }, doc.memories);
};

/** A store on a new database, with a trigger that stalls the next write inside its transaction (its old memories already deleted). */
async function stalledWrite(t: ExecutionContext) {
  const { name, url } = await pg.cluster.createDatabase();
  const store = await PostgresStore.open({ url, project: 'p' });
  t.teardown(() => store.close());
  t.true(await put(store, 'docs/a.md', '# A\n\nold one\n\n## B\n\nold two\n'));
  await pg.cluster.query(
    `CREATE FUNCTION heimdall.stall() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(60); RETURN NULL; END $$;
     CREATE TRIGGER stall BEFORE INSERT ON heimdall.memories FOR EACH STATEMENT EXECUTE FUNCTION heimdall.stall()`,
    [],
    name,
  );
  const write = put(store, 'docs/a.md', '# A\n\nnew content, longer\n');
  write.catch(() => undefined);
  await waitFor(async () => (await pg.cluster.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event = 'PgSleep'", [], name))[0].n === 1, {
    timeout: 10_000,
    what: 'the write to stall inside its transaction',
  });
  const unstall = () => pg.cluster.query('DROP TRIGGER stall ON heimdall.memories', [], name);
  return { store, write, unstall, name };
}

const memoriesOf = async (name: string): Promise<string[]> =>
  (await pg.cluster.query('SELECT m.text FROM heimdall.memories m ORDER BY m.ordinal', [], name)).map((row: { text: string }) => row.text);

function assertTemporary(t: ExecutionContext, error: HeimdallError, pattern: RegExp) {
  t.is(error.name, 'HeimdallError', inspect(error));
  t.true(error.temporary, error.message);
  t.is(error.exitCode, 75);
  t.regex(error.message, pattern);
}

pgTest('the server killed (SIGKILL) mid-write: a temporary error, the old memories intact, and after a restart it converges', async (t) => {
  const { store, write, unstall, name } = await stalledWrite(t);
  await pg.cluster.kill();
  assertTemporary(t, await t.throwsAsync(write), /connection to the PostgreSQL store postgresql:\/\/heimdall@localhost\/.* was lost/);
  // Refused (the socket file is still there, nobody listens), or lost if the pool's idle connection had not heard of the crash yet.
  assertTemporary(t, await t.throwsAsync(store.liveSource('docs/a.md')), /cannot reach the PostgreSQL store .*ECONNREFUSED|connection to the PostgreSQL store .* was lost/);
  assertTemporary(t, await t.throwsAsync(PostgresStore.open({ url: pg.cluster.url(name), project: 'p' })), /cannot reach the PostgreSQL store/);
  await pg.cluster.start();
  t.deepEqual(await memoriesOf(name), ['# A\n\nold one', '## B\n\nold two'], 'the killed transaction left nothing of itself');
  await unstall();
  t.true(await put(store, 'docs/a.md', '# A\n\nnew content, longer\n'), 'the same store object works again: its pool reconnects');
  t.deepEqual(await memoriesOf(name), ['# A\n\nnew content, longer']);
  t.is((await store.liveSource('docs/a.md'))!.memories, 1);
});

pgTest('the server shutting down mid-write, then gone: temporary errors; back up, the write goes through', async (t) => {
  const { store, write, unstall, name } = await stalledWrite(t);
  await pg.cluster.stop();
  assertTemporary(t, await t.throwsAsync(write), /shutting down or starting up \(terminating connection due to administrator command\)/);
  // A clean shutdown removes the socket: ENOENT, not a refusal.
  assertTemporary(t, await t.throwsAsync(store.status()), /cannot reach the PostgreSQL store .*ENOENT/);
  await pg.cluster.start();
  await unstall();
  t.deepEqual(await memoriesOf(name), ['# A\n\nold one', '## B\n\nold two']);
  t.true(await put(store, 'docs/a.md', '# A\n\nnew content, longer\n'));
  t.like(await store.status(), { sources: 1, memories: 1 });
});

pgTest('a load killed inside its write (the stall seam: transaction open, the file locked): rolled back, the lock freed, the next load goes through at once', async (t) => {
  const { name, url } = await pg.cluster.createDatabase();
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nold one\n\n## B\n\nold two\n' }, config: `store:\n  url: ${JSON.stringify(url)}\n` });
  const first = await heimdall(['load', '.heimdall/docs/a.md'], { cwd: p.root });
  t.is(first.exitCode, 0, first.stderr);
  p.write('.heimdall/docs/a.md', '# A\n\nnew content, longer\n');
  const stalled = heimdall(['load', '.heimdall/docs/a.md'], { cwd: p.root, env: { HEIMDALL_TEST_STALL_AFTER: '0' } });
  let stderr = '';
  stalled.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await waitFor(() => stderr.includes('heimdall: test stall'), { timeout: 20_000, what: 'the load to stall in its write' });
  const held = async () =>
    (await pg.cluster.query("SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.state = 'idle in transaction'", [], name))[0].n;
  t.is(await held(), 1, 'the stalled load holds the file\'s advisory lock in an open transaction');
  stalled.kill('SIGKILL');
  t.is((await stalled).signal, 'SIGKILL');
  await waitFor(async () => (await held()) === 0, { timeout: 10_000, what: 'the server to roll the killed transaction back' });
  t.deepEqual(await memoriesOf(name), ['# A\n\nold one', '## B\n\nold two'], 'the killed write left nothing of itself');
  // A lock left behind would make it wait out lock_timeout and exit 75.
  const next = await heimdall(['load', '.heimdall/docs/a.md'], { cwd: p.root });
  t.is(next.exitCode, 0, next.stderr);
  t.deepEqual(await memoriesOf(name), ['# A\n\nnew content, longer']);
});

pgTest('a wrong password, an unknown role, a missing database: configuration errors (exit 2) naming the URL without its password', async (t) => {
  const cases: [string, RegExp, string][] = [
    [pg.cluster.url('postgres', { user: 'secret', password: 'wrong-p@ss:word' }), /password authentication failed for user "secret"/, 'wrong-p@ss:word'],
    [`${pg.cluster.url('postgres', { user: 'secret' })}&password=wrong-in-query`, /password authentication failed/, 'wrong-in-query'],
    [pg.cluster.url('postgres', { user: 'nobody', password: 'hunter2hunter2' }), /role "nobody" does not exist/, 'hunter2hunter2'],
    [pg.cluster.url('no_such_db', { user: 'secret', password: 'right-password' }), /database "no_such_db" does not exist/, 'right-password'],
  ];
  for (const [url, pattern, password] of cases) {
    for (const open of [PostgresStore.open, PostgresStore.openExisting]) {
      const error = await t.throwsAsync<HeimdallError>(open({ url, project: 'p' }));
      t.is(error.code, 'config', error.message);
      t.false(error.temporary);
      t.is(error.exitCode, 2);
      t.regex(error.message, pattern);
      t.regex(error.message, /^cannot use the PostgreSQL store postgresql:\/\/(secret|nobody)@localhost\//);
      t.false(error.message.includes(password), error.message);
      t.false(inspect(error, { depth: 10 }).includes(password), 'nor in its cause');
    }
  }
  const right = (await PostgresStore.open({ url: pg.cluster.url('postgres', { user: 'secret', password: 'right-password' }), project: 'p' }).catch((error: unknown) => error)) as HeimdallError;
  t.is(right.code, 'config', 'the right password gets in; creating the schema needs a privilege this role lacks');
  t.regex(right.message, /permission denied/);
  t.false(right.message.includes('right-password'));
});

test('what each failure of PostgreSQL or the connection is: temporary, busy, configuration, permanent', (t) => {
  const db = (code: string, message = 'x') => Object.assign(new Error(message), { code, severity: 'ERROR' });
  const sys = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
  const cases: [Error & { code?: string }, ErrorCode, boolean][] = [
    [db('40001'), 'store-busy', true],
    [db('40P01'), 'store-busy', true],
    [db('55P03'), 'store-busy', true],
    [db('57P01'), 'store-io', true],
    [db('57P02'), 'store-io', true],
    [db('57P03', 'the database system is starting up'), 'store-io', true],
    [db('08006'), 'store-io', true],
    [db('53300', 'sorry, too many clients already'), 'store-io', true],
    [db('28P01'), 'config', false],
    [db('28000'), 'config', false],
    [db('3D000'), 'config', false],
    [db('42501'), 'config', false],
    [db('25006', 'cannot execute INSERT in a read-only transaction'), 'config', false],
    [db('42601', 'syntax error'), 'store-io', false],
    [sys('ECONNREFUSED'), 'store-io', true],
    [sys('ECONNRESET'), 'store-io', true],
    [sys('ENOTFOUND'), 'config', false],
    [new Error('Connection terminated unexpectedly'), 'store-io', true],
    [new Error('timeout expired'), 'store-io', true],
    [new Error('The server does not support SSL connections'), 'config', false],
  ];
  for (const [error, code, temporary] of cases) {
    const mapped = postgresError(error, 'postgresql://u@h/d');
    t.is(mapped.code, code, `${error.code ?? error.message}`);
    t.is(mapped.temporary, temporary, `${error.code ?? error.message}`);
    t.is(mapped.exitCode, temporary ? 75 : code === 'config' ? 2 : 1);
    t.is(mapped.cause, error);
  }
});
