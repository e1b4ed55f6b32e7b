import type Database from 'better-sqlite3';
import { SqliteDatabase } from '../store/sqlite-driver.js';
import { statSync } from 'node:fs';
import type { StoreTarget } from '../config/store-config.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { storeLocation } from '../config/store-location.js';
import { openExistingSqlite, openStoreBackend } from '../store/open-backend.js';
import { schemaVersion } from '../store/migrations.js';
import { SqliteBackend } from '../store/sqlite-backend.js';
import type { StoreBackend } from '../store/store-backend.js';
import { Store } from '../store/store.js';

export type { DocRow } from '../store/store-types.js';

type Open = { store: StoreBackend; identity: string };

/**
 * The server's read-only view of the store, kept open between calls (a long-lived reader). A SQLite store is
 * reopened when its file is replaced (moved aside and rebuilt); a PostgreSQL one is a pool, opened once the project
 * is there. Writing stays with the `load` subprocesses.
 */
export class StoreReader {
  readonly #target: StoreTarget;
  /** Where the store is, as `status` shows it (a URL without its password). */
  readonly location: string;
  #open: Open | null = null;
  #opening: Promise<Open | null> | null = null;

  constructor(target: StoreTarget) {
    this.#target = target;
    this.location = storeLocation(target);
  }

  /** `work` on the store as it is now; null when nothing was ever indexed (no store file, no project in the database). */
  async read<T>(work: (store: StoreBackend) => Promise<T>): Promise<T | null> {
    if (this.#target.kind === 'postgres') {
      // Two first calls at once share one pool.
      if (this.#open === null) this.#open = await (this.#opening ??= this.#openPostgres().finally(() => (this.#opening = null)));
      return this.#open === null ? null : work(this.#open.store);
    }
    const file = this.#target.file;
    const identity = identityOf(file);
    if (identity === null) {
      await this.close();
      return null;
    }
    if (this.#open !== null && this.#open.identity !== identity) await this.close();
    if (this.#open === null) {
      const fallback = this.#connect(file, identity);
      // On a full disk a reader cannot even create the -shm file: one connection for this call, closed after it.
      if (fallback !== null) {
        try {
          return await work(fallback);
        } finally {
          await fallback.close();
        }
      }
    }
    return work(this.#open!.store);
  }

  async close(): Promise<void> {
    const open = this.#open;
    this.#open = null;
    await open?.store.close();
  }

  async #openPostgres(): Promise<Open | null> {
    const store = await openStoreBackend(this.#target, 'read');
    return store === null ? null : { store, identity: '' };
  }

  /** Opens the cached connection; returns a one-call connection instead when the disk is full. */
  #connect(file: string, identity: string): StoreBackend | null {
    let store: Store;
    try {
      store = new Store(file, { readonly: true });
    } catch (error) {
      if (error instanceof HeimdallError && error.code === 'no-space') return new SqliteBackend(new Store(file, { withoutSharedMemory: true }));
      // Written by an older heimdall: a writing open migrates it (once), then it is read-only again. Or created just
      // now by another process (the server's own sync) that had not yet migrated it when we looked and has since:
      // then the second read-only open succeeds. Any other error comes back from it as it was.
      if (needsMigration(file)) openExistingSqlite(file)?.close();
      store = new Store(file, { readonly: true });
    }
    this.#open = { store: new SqliteBackend(store), identity };
    return null;
  }
}

/** A store an older heimdall wrote: a read-only open refuses it (migrating is a write). */
function needsMigration(file: string): boolean {
  let db: Database.Database | undefined;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    return (db.pragma('user_version', { simple: true }) as number) < schemaVersion;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

function identityOf(file: string): string | null {
  try {
    const stat = statSync(file);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return null;
  }
}
