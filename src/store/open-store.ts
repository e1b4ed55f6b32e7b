import type Database from 'better-sqlite3';
import { SqliteDatabase } from './sqlite-driver.js';
import { accessSync, constants, mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { HeimdallError, systemErrorCode } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { descriptorShortage, diskFull, resourceError } from '../errors/resource-error.js';
import { migrations, schemaVersion } from './migrations.js';

export interface OpenStoreOptions {
  readonly?: boolean;
  /**
   * Read without the -shm file: on a full disk SQLite cannot grow it, and even a read-only connection
   * needs it to read the WAL. EXCLUSIVE locking mode, set before the first access, makes SQLite keep the
   * WAL index in its own heap instead (and take the file's write lock, which a read-only descriptor
   * cannot: so the file is opened read-write, with query_only on). Other connections wait meanwhile:
   * this is a fallback for short reading commands, not the normal path.
   */
  withoutSharedMemory?: boolean;
  /** How long a writer waits for another writer's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed, unless read-only) the SQLite store and runs pending
 * migrations. A file that is not a heimdall store, or one written by a newer
 * heimdall, is an error: it is never recreated over the user's data.
 */
export function openDatabase(file: string, options: OpenStoreOptions = {}): Database.Database {
  const withoutShm = options.withoutSharedMemory ?? false;
  // Reading only: no WAL switch, no migration.
  const readonly = (options.readonly ?? false) || withoutShm;
  let db: Database.Database;
  try {
    if (!readonly) mkdirSync(path.dirname(file), { recursive: true });
    db = new SqliteDatabase(file, { readonly: readonly && !withoutShm, fileMustExist: readonly, timeout: options.busyTimeoutMs ?? 5000 });
  } catch (error) {
    throw storeError(error, file);
  }
  try {
    if (withoutShm) {
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('query_only = ON');
    }
    if (!readonly) switchToWal(db, Date.now() + (options.busyTimeoutMs ?? 5000));
    if (!readonly) {
      // WAL + NORMAL: a commit survives a process crash (not a power cut), without an fsync per file.
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > schemaVersion) throw new HeimdallError('store-too-new', messages.storeTooNew(file, version, schemaVersion));
    if (version < schemaVersion) {
      if (readonly) throw new HeimdallError('store-io', messages.storeNeedsMigration(file, version, schemaVersion));
      // Two processes can open a new store at once (the MCP server and its sync, say): the version is read
      // again under the write lock, so the second finds the first's schema instead of creating it twice.
      db.transaction(() => {
        const current = db.pragma('user_version', { simple: true }) as number;
        if (current > schemaVersion) throw new HeimdallError('store-too-new', messages.storeTooNew(file, current, schemaVersion));
        if (current === 0) assertEmptyOrOurs(db, file);
        for (let v = current; v < schemaVersion; v++) {
          const migration = migrations[v]!;
          if (typeof migration === 'string') db.exec(migration);
          else migration(db);
        }
        db.pragma(`user_version = ${schemaVersion}`);
      }).immediate();
    }
    return db;
  } catch (error) {
    db.close();
    throw storeError(error, file);
  }
}

/**
 * Switching to WAL takes the write lock, so it is done once: a busy store that is already WAL opens without it.
 * Several processes opening a new store at once all find it in rollback mode, and the switch upgrades a read
 * lock to the write lock: SQLite answers SQLITE_BUSY at once there, without its busy handler (waiting could
 * deadlock two upgraders). So the switch is tried again until the busy timeout, and the mode read again first:
 * the process that won has usually switched it already.
 */
function switchToWal(db: Database.Database, deadline: number): void {
  for (let attempt = 0; ; attempt++) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!(systemErrorCode(error) ?? '').startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw error;
      // A few milliseconds, jittered so that the losers do not collide again in step.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(50, 2 + attempt * 3) * (0.5 + Math.random()));
    }
  }
}

/**
 * Maps SQLite and file system failures to the error family: busy, a full disk, no descriptors left and other
 * I/O errors are temporary. SQLite says "disk is full" only when a write hits it (SQLITE_FULL); growing
 * its -shm file on a full disk, or opening a file without a descriptor left, comes back as a plain I/O or
 * open error, so those are checked against the file system and the process.
 */
export function storeError(error: unknown, file: string): HeimdallError {
  if (error instanceof HeimdallError) return error;
  const code = systemErrorCode(error) ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  const resource = resourceError(error);
  if (resource !== null) return resource.code === 'no-space' ? noSpace(file, error) : resource;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return new HeimdallError('store-corrupt', messages.storeCorrupt(file), { cause: error });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new HeimdallError('store-busy', messages.storeBusy(file), { cause: error });
  if (code === 'SQLITE_FULL') return noSpace(file, error);
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
    const shortage = descriptorShortage();
    if (shortage !== null) return new HeimdallError('too-many-files', messages.outOfDescriptors(`${shortage}, opening ${file}`), { cause: error });
    if (diskFull(storeFolder(file))) return noSpace(file, error);
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EROFS')
    return new HeimdallError('store-io', messages.storeUnwritable(file, writable(path.dirname(file)) ? detail : messages.storeFolderUnwritable), { cause: error, temporary: false });
  return new HeimdallError('store-io', messages.storeIo(file, detail), { cause: error });
}

function noSpace(file: string, cause: unknown): HeimdallError {
  return new HeimdallError('no-space', messages.diskFull(storeFolder(file)), { cause });
}

// Where the store really lives (a symlinked store or .heimdall/ can be on another disk), for statfs and the message.
function storeFolder(file: string): string {
  for (const candidate of [file, path.dirname(file)]) {
    try {
      const real = realpathSync(candidate);
      return candidate === file ? path.dirname(real) : real;
    } catch {
      // not there (yet): try the folder
    }
  }
  return path.dirname(file);
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
