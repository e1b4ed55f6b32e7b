// A private PostgreSQL cluster per test file: initdb into a temp dir, the server listening on a Unix socket in
// that dir only (no TCP port, so files running in parallel never collide), stopped by its pid afterwards.
// The postmaster is this process's own child (not started through pg_ctl, whose server PID 1 would inherit and,
// here, never reap: a zombie postmaster makes the next start refuse its "still running" lock file).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestFn } from 'ava';
import pg from 'pg';
import { childrenOf, isAlive } from './process-tree.js';
import { skipping, type SkippableTestFn } from './project.js';

/**
 * Where initdb and postgres are: HEIMDALL_TEST_PG_BIN, else Debian's /usr/lib/postgresql/<version>/bin (the newest;
 * not on PATH on a fresh machine), else `pg_config --bindir`, else PATH. Null when there is none.
 */
export function postgresBinDir(): string | null {
  const has = (dir: string) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres'));
  if (process.env.HEIMDALL_TEST_PG_BIN) return has(process.env.HEIMDALL_TEST_PG_BIN) ? process.env.HEIMDALL_TEST_PG_BIN : null;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((name) => /^\d+(\.\d+)?$/.test(name)).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) if (has(path.join(debian, version, 'bin'))) return path.join(debian, version, 'bin');
  }
  const config = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (config.status === 0 && has(config.stdout.trim())) return config.stdout.trim();
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir !== '' && has(dir)) return dir;
  return null;
}

/** True when a PostgreSQL server can be run. Under CI=true a missing one throws: the tests that need it must fail, not skip. */
export function postgresAvailable(): boolean {
  const bin = postgresBinDir();
  if (bin === null && process.env.CI === 'true') {
    throw new Error('PostgreSQL is required under CI=true (.ci/run installs it: apt-get install postgresql), but no initdb was found');
  }
  return bin !== null;
}

/**
 * One private cluster for a whole test file: started before its tests, stopped after them. `test` is ava's test
 * function when PostgreSQL is available (under CI=true it must be), `test.skip` otherwise.
 */
export function privateCluster(test: TestFn) {
  const available = postgresAvailable();
  let cluster: PgCluster | null = null;
  test.before(async () => {
    if (available) cluster = await startCluster();
  });
  test.after.always(async () => {
    await cluster?.destroy();
  });
  return {
    available,
    test: (available ? test : skipping(test)) as SkippableTestFn,
    // Read in tests (after `before`), when the server runs.
    get cluster(): PgCluster {
      return cluster!;
    },
  };
}

// The server refuses to run as root: as root, initdb and postgres run as the `postgres` user (setpriv execs,
// so the pid spawned is the postmaster's own).
const asRoot = process.getuid?.() === 0;
const asServerUser = (argv: string[]) => (asRoot ? ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', '--', ...argv] : argv);
const superuser = 'heimdall';
// No TCP, little shared memory: files run clusters side by side. No fsync: a killed server's writes are still in
// the OS's cache (only a power cut loses them); synchronous_commit stays on, or a crash would lose commits made
// just before it, which the crash tests check are kept.
const serverSettings = ['-c', 'listen_addresses=', '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'shared_buffers=16MB'];

/**
 * initdb (superuser `heimdall`, trust for it over the socket; the role `secret` needs its password) and start.
 * Returns { dir, url(database, { user, password }), pid(), query(sql, params, database), createDatabase(),
 * kill() (SIGKILL the postmaster and every backend: a crash), stop() (a fast shutdown), start(), destroy() }.
 */
export async function startCluster() {
  const bin = postgresBinDir()!;
  const dir = mkdtempSync(path.join(tmpdir(), 'hpg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'log');
  if (asRoot) {
    const { uid, gid } = serverUser();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o755);
  const [initdb, ...initArgs] = asServerUser([path.join(bin, 'initdb'), '-D', data, '-U', superuser, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const init = spawnSync(initdb, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.error?.message}`);
  }
  // First match wins: `secret` must give its password, everyone else is trusted.
  writeFileSync(path.join(data, 'pg_hba.conf'), 'local all secret scram-sha-256\nlocal all all trust\n');

  let child: (ChildProcess & { exited?: Promise<unknown> }) | null = null;
  const start = async () => {
    const log = openSync(logFile, 'a');
    const [file, ...args] = asServerUser([path.join(bin, 'postgres'), '-D', data, '-k', dir, ...serverSettings]);
    const started: ChildProcess & { exited?: Promise<unknown> } = spawn(file, args, { detached: true, stdio: ['ignore', log, log] });
    child = started;
    closeSync(log);
    const exited = new Promise((resolve) => started.once('exit', resolve));
    started.exited = exited;
    const deadline = Date.now() + 30_000;
    // postmaster.pid's 8th line says "ready" once connections are accepted (what pg_ctl -w waits for).
    for (;;) {
      if (started.exitCode !== null || started.signalCode !== null) throw new Error(`postgres exited (${started.exitCode ?? started.signalCode}): ${readFileSync(logFile, 'utf8').slice(-2000)}`);
      const status = safeRead(path.join(data, 'postmaster.pid')).split('\n');
      if (Number(status[0]) === started.pid && status[7]?.trim() === 'ready') return;
      if (Date.now() > deadline) throw new Error(`postgres was not ready within 30 s: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const url = (database = 'postgres', { user = superuser, password }: { user?: string; password?: string } = {}) =>
    `postgresql://${encodeURIComponent(user)}${password === undefined ? '' : `:${encodeURIComponent(password)}`}@localhost/${database}?host=${dir}`;

  // Rows of a parsed result: `any`, as node-postgres gives them (each test reads the columns its SQL names).
  const query = async (sql: string, params: unknown[] = [], database = 'postgres'): Promise<any[]> => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  };

  let databases = 0;
  const createDatabase = async () => {
    const name = `t${++databases}_${process.pid}`;
    await query(`CREATE DATABASE ${name}`);
    return { name, url: url(name) };
  };

  const waitGone = async (pids: number[], ms: number) => {
    const deadline = Date.now() + ms;
    while (pids.some(isAlive)) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  };

  /** A crash: SIGKILL to the postmaster and every process it started, at once. */
  const kill = async () => {
    if (child === null || !isAlive(child.pid!)) return;
    const current = child;
    const pids = [current.pid!, ...childrenOf(current.pid!).map((c) => c.pid)];
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await current.exited;
    if (!(await waitGone(pids, 10_000))) throw new Error(`postgres processes outlived SIGKILL: ${pids.filter(isAlive).join(' ')}`);
  };

  /** A fast shutdown (SIGINT: sessions are ended, 57P01), waited for; SIGKILL if it takes over 10 s. */
  const stop = async () => {
    if (child === null || !isAlive(child.pid!)) return;
    process.kill(child.pid!, 'SIGINT');
    const done = await Promise.race([child.exited!.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, 10_000, false))]);
    if (!done) await kill();
  };

  // A test file that crashes runs no after.always: its server (a process group of its own) and files go with it.
  const leftovers = () => {
    try {
      if (child !== null) process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone already
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', leftovers);
  try {
    await start();
    // A role that must authenticate, for the tests of a wrong password.
    await query("CREATE ROLE secret LOGIN PASSWORD 'right-password'");
  } catch (error) {
    await kill();
    process.removeListener('exit', leftovers);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    logFile,
    url,
    query,
    createDatabase,
    pid: () => child?.pid,
    kill,
    stop,
    start,
    destroy: async () => {
      await stop();
      process.removeListener('exit', leftovers);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type PgCluster = Awaited<ReturnType<typeof startCluster>>;

function serverUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('postgres:'));
  if (line === undefined) throw new Error('running as root, the cluster needs the `postgres` user (the postgresql package creates it)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
