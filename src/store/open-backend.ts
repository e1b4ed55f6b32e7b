import { existsSync } from 'node:fs';
import type { StoreTarget } from '../config/store-config.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { readStoredSources, type StoredStat } from './read-sources.js';
import { SqliteBackend } from './sqlite-backend.js';
import type { StoreBackend } from './store-backend.js';
import { Store } from './store.js';

/**
 * The one place a store is opened, whichever backend the config names: 'write' creates or migrates it (load,
 * remove-file); 'read' returns null when nothing was ever indexed there (reading must not create it). PostgreSQL is
 * imported only for a PostgreSQL target: a SQLite run never loads `pg`.
 */
export async function openStoreBackend(target: StoreTarget, access: 'write' | 'read'): Promise<StoreBackend | null> {
  if (target.kind === 'postgres') {
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    const options = { url: target.url, project: target.project };
    return access === 'write' ? PostgresStore.open(options) : PostgresStore.openExisting(options);
  }
  if (access === 'write') return new SqliteBackend(new Store(target.file));
  const store = openExistingSqlite(target.file);
  return store === null ? null : new SqliteBackend(store);
}

/**
 * The SQLite store for a reading command, or null when there is no file. On a full disk the usual open fails (SQLite
 * cannot grow the -shm file that even readers use), so recall falls back to reading without it: search, sources and
 * status keep answering from what is stored.
 */
export function openExistingSqlite(file: string): Store | null {
  if (!existsSync(file)) return null;
  try {
    return new Store(file);
  } catch (error) {
    if (error instanceof HeimdallError && error.code === 'no-space') return new Store(file, { withoutSharedMemory: true });
    throw error;
  }
}

/** What sync's fast path compares with the disk, without creating or migrating anything; empty when nothing is stored. */
export async function readStoredStats(target: StoreTarget): Promise<Map<string, StoredStat>> {
  if (target.kind === 'sqlite') return readStoredSources(target.file);
  const store = await openStoreBackend(target, 'read');
  if (store === null) return new Map();
  try {
    return await store.storedStats();
  } finally {
    await store.close();
  }
}
