import type { PoolClient } from 'pg';
import { HeimdallError } from '../../errors/heimdall-error.js';
import { messages, postgresMessages } from '../../errors/messages.js';
import { postgresMigrations, postgresSchemaVersion, schema } from './postgres-migrations.js';

// Held while migrating, per database: two processes opening a new database at once (two checkouts' loads, CI)
// create the schema once, the second finding the first's.
const migrationLockKey = 0x68656d64616c6cn;

/**
 * Brings the database's heimdall schema to this heimdall's version, creating it if needed, unless `readonly`:
 * then an absent schema is 'absent' (nothing was ever stored: reading must not create it) and an older one an
 * error. A newer version is refused and left untouched, as is a `heimdall` schema that holds somebody else's tables.
 */
export async function prepareSchema(client: PoolClient, location: string, readonly: boolean): Promise<'ready' | 'absent'> {
  const found = await schemaVersionOf(client);
  if (found === postgresSchemaVersion) return 'ready';
  if (found !== null && found > postgresSchemaVersion) throw tooNew(location, found);
  if (readonly) {
    if (found === null) return 'absent';
    throw new HeimdallError('store-io', messages.storeNeedsMigration(location, found, postgresSchemaVersion), { temporary: false });
  }
  // The lock is taken before the transaction, not inside it: a transaction that began before another process's
  // migration committed would look the new schema up in its stale catalog caches and miss it.
  await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey.toString()]);
  try {
    await client.query('BEGIN');
    let current = await schemaVersionOf(client);
    if (current === null) {
      if (await holdsRelations(client)) throw new HeimdallError('store-corrupt', postgresMessages.notOurs(location, schema));
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}; CREATE TABLE ${schema}.schema_version (version integer NOT NULL); INSERT INTO ${schema}.schema_version VALUES (0)`);
      current = 0;
    }
    if (current > postgresSchemaVersion) throw tooNew(location, current);
    for (let v = current; v < postgresSchemaVersion; v++) await client.query(postgresMigrations[v]!);
    await client.query(`UPDATE ${schema}.schema_version SET version = $1`, [postgresSchemaVersion]);
    await client.query('COMMIT');
    return 'ready';
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A broken connection released it already, with its session.
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey.toString()]).catch(() => undefined);
  }
}

/** The schema version stored in the database, or null when it has no heimdall schema yet. */
export async function schemaVersionOf(client: PoolClient): Promise<number | null> {
  // The catalog itself, not to_regclass(): a table another session just created is there for this statement's snapshot.
  const table = await client.query<{ present: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'schema_version') AS present`,
    [schema],
  );
  if (table.rows[0]?.present !== true) return null;
  const row = await client.query<{ version: number }>(`SELECT version FROM ${schema}.schema_version`);
  // A version table without its row is a migration that never committed: start over.
  return row.rows[0]?.version ?? 0;
}

async function holdsRelations(client: PoolClient): Promise<boolean> {
  const found = await client.query<{ n: number }>(
    'SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1',
    [schema],
  );
  return Number(found.rows[0]?.n ?? 0) > 0;
}

function tooNew(location: string, found: number): HeimdallError {
  return new HeimdallError('store-too-new', messages.storeTooNew(location, found, postgresSchemaVersion));
}
