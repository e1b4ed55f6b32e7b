import type Database from 'better-sqlite3';
import { SqliteDatabase } from './sqlite-driver.js';
import { existsSync } from 'node:fs';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { schemaVersion } from './migrations.js';
import { storeError } from './open-store.js';

/**
 * Git's "racily clean" rule, shared by sync's fast path and load: a file whose mtime is this
 * close to (or after) its indexed-at may have changed again without size or mtime showing it
 * (coarse timestamps, same-size edits), so its stat is not trusted and its content is hashed.
 */
export const racyWindowMs = 1000;

/** A file's stat as the fast path compares it: a `utimes` can put size and mtime back, never the ctime; a rename over changes the inode. */
export interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface StoredStat {
  sha1: string;
  size: number;
  mtimeMs: number;
  /** null: not recorded (a row of schema 2), matches no file. */
  ctimeMs: number | null;
  ino: number | null;
  indexedAtMs: number;
}

/** The file is as it was indexed, as far as its stat can tell (an unknown ctime or inode: it cannot). */
export const statUnchanged = (stored: { size: number; mtimeMs: number; ctimeMs?: number | null; ino?: number | null }, disk: FileStat): boolean =>
  disk.size === stored.size && disk.mtimeMs === stored.mtimeMs && disk.ctimeMs === stored.ctimeMs && disk.ino === stored.ino;

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
    db = new SqliteDatabase(storeFile, { readonly: true, fileMustExist: true, timeout: 5000 });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > schemaVersion) throw new HeimdallError('store-too-new', messages.storeTooNew(storeFile, version, schemaVersion));
    // An older (or not yet created) schema: trust nothing, so every file goes to load, which migrates.
    if (version < schemaVersion) return result;
    const rows = db
      .prepare('SELECT path, sha1, size, mtime_ms AS mtimeMs, ctime_ms AS ctimeMs, ino, indexed_at_ms AS indexedAtMs FROM sources WHERE removed_at_ms IS NULL')
      .all() as Array<StoredStat & { path: string }>;
    for (const { path, ...stat } of rows) result.set(path, stat);
    return result;
  } catch (error) {
    throw storeError(error, storeFile);
  } finally {
    db?.close();
  }
}
