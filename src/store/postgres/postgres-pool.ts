import { createRequire } from 'node:module';
import type pg from 'pg';

// Required, not imported: bundled (scripts/bundle-lean.js), a static import of a package is hoisted to the bundle's
// top and paid by every call, a SQLite one too; a require runs when this module is first used.
const { Pool, types: pgTypes } = createRequire(import.meta.url)('pg') as typeof pg;

export interface PostgresConnectOptions {
  /** A postgresql:// URL (node-postgres reads it: `?host=/run/dir` for a Unix socket, `sslmode`, ...). */
  url: string;
  /** Connections this process may hold; the CLI's commands use one at a time, the MCP server's answers a few. */
  maxConnections?: number;
  /** How long connecting may take before it is a (temporary) failure. */
  connectTimeoutMs?: number;
  /** How long a writer waits for another writer's lock on the same file before it is a (temporary) busy error. */
  lockTimeoutMs?: number;
}

// bigint (int8: ids, counts, sizes) as a JS number rather than node-postgres's string: every value heimdall stores
// in one is far below 2^53.
const int8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === int8 && format !== 'binary' ? (value: string) => Number(value) : pgTypes.getTypeParser(oid, format as 'text')) as typeof pgTypes.getTypeParser,
};

/** A small pool: reconnects after the server restarts (a dead idle connection is dropped, not fatal). */
export function createPool(options: PostgresConnectOptions): pg.Pool {
  const pool = new Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 4,
    // node-postgres waits forever by default: an unreachable host would hang every command.
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
    application_name: 'heimdall',
    lock_timeout: options.lockTimeoutMs ?? 5000,
    // A writer stopped mid-transaction (SIGSTOP, a debugger) must not hold a file's lock forever.
    idle_in_transaction_session_timeout: 60_000,
    types,
  });
  // An idle connection's failure (the server restarted or was killed) comes as an 'error' event, which would
  // crash the process unheard: the pool drops that connection, and the next query connects anew or fails itself.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Runs `work` on a connection of its own, released afterwards (dropped if anything failed: the connection may be
 * the broken part). While a connection is checked out, node-postgres reports its loss twice, as the failed query
 * and as an 'error' event that nobody else listens to then and that would crash the process: heard here.
 */
export async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const heard = () => undefined;
  client.on('error', heard);
  let failed = false;
  try {
    return await work(client);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    client.removeListener('error', heard);
    client.release(failed);
  }
}
