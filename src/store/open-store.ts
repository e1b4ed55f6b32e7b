import Database from 'better-sqlite3';
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { migrations, schemaVersion } from './migrations.js';

export interface OpenStoreOptions {
  readonly?: boolean;
  /** How long a writer waits for another writer's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed, unless read-only) the SQLite store and runs pending
 * migrations. A file that is not a heimdall store, or one written by a newer
 * heimdall, is an error: it is never recreated over the user's data.
 */
export function openDatabase(file: string, options: OpenStoreOptions = {}): Database.Database {
  const readonly = options.readonly ?? false;
  if (!readonly) mkdirSync(path.dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly, timeout: options.busyTimeoutMs ?? 5000 });
  } catch (error) {
    throw storeError(error, file);
  }
  try {
    // Switching to WAL takes a write lock: only do it once, so that opening a busy store still works.
    if (!readonly && db.pragma('journal_mode', { simple: true }) !== 'wal') {
      db.pragma('journal_mode = WAL');
    }
    if (!readonly) {
      // WAL + NORMAL: a commit survives a process crash (not a power cut), without an fsync per file.
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > schemaVersion) throw new HeimdallError('store-too-new', messages.storeTooNew(file, version, schemaVersion));
    if (version === 0 && !readonly) assertEmptyOrOurs(db, file);
    if (version < schemaVersion) {
      if (readonly) throw new HeimdallError('store-io', messages.storeNeedsMigration(file, version, schemaVersion));
      db.transaction(() => {
        for (let v = version; v < schemaVersion; v++) db.exec(migrations[v]!);
        db.pragma(`user_version = ${schemaVersion}`);
      }).immediate();
    }
    return db;
  } catch (error) {
    db.close();
    throw storeError(error, file);
  }
}

/** Maps SQLite and file system failures to the error family (busy and I/O are temporary). */
export function storeError(error: unknown, file: string): HeimdallError {
  if (error instanceof HeimdallError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return new HeimdallError('store-corrupt', messages.storeCorrupt(file), { cause: error });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new HeimdallError('store-busy', messages.storeBusy(file), { cause: error });
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EROFS')
    return new HeimdallError('store-io', messages.storeUnwritable(file, writable(path.dirname(file)) ? detail : 'its folder is not writable by this user'), { cause: error, exitCode: 1 });
  return new HeimdallError('store-io', messages.storeIo(file, detail), { cause: error });
}

// A version-0 file that already has tables is somebody else's database: refuse it.
function assertEmptyOrOurs(db: Database.Database, file: string): void {
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  if (tables.n > 0) throw new HeimdallError('store-corrupt', messages.storeCorrupt(file));
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
