import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { storeError } from './open-store.js';

export interface StoredStat {
  sha1: string;
  size: number;
  mtimeMs: number;
  indexedAtMs: number;
}

/**
 * What the store knows of each live source, for the full-sync fast path. Read-only
 * and without migrations, so it never blocks or changes the store; an absent store
 * is simply empty.
 */
export function readStoredSources(storeFile: string): Map<string, StoredStat> {
  const result = new Map<string, StoredStat>();
  if (!existsSync(storeFile)) return result;
  let db: Database.Database | undefined;
  try {
    db = new Database(storeFile, { readonly: true, fileMustExist: true, timeout: 5000 });
    const rows = db
      .prepare('SELECT path, sha1, size, mtime_ms AS mtimeMs, indexed_at_ms AS indexedAtMs FROM sources WHERE removed_at_ms IS NULL')
      .all() as Array<StoredStat & { path: string }>;
    for (const { path, ...stat } of rows) result.set(path, stat);
    return result;
  } catch (error) {
    throw storeError(error, storeFile);
  } finally {
    db?.close();
  }
}
