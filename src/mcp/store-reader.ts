import BetterSqlite3 from 'better-sqlite3';
import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { runtimePaths } from '../config/runtime-paths.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { openExistingStore } from '../store/open-existing-store.js';
import { openDatabase, storeError } from '../store/open-store.js';
import { schemaVersion } from '../store/migrations.js';
import { Store } from '../store/store.js';

/** One indexed doc as `list` shows it. */
export interface DocRow {
  path: string;
  title: string | null;
  tags: string[];
  size: number;
  memories: number;
  indexedAtMs: number;
}

export interface StoreView {
  store: Store;
  /** Every live doc, by path. */
  docs(): DocRow[];
}

/**
 * The server's read-only view of the store, kept open between calls (a long-lived reader) and reopened when
 * the file is replaced (moved aside and rebuilt). Writing stays with the `load` subprocesses.
 * An adapter: the Store class has no read of a doc's title and tags, so `docs()` reads them here.
 */
export class StoreReader {
  readonly #root: string;
  readonly #file: string;
  #open: { view: StoreView; close(): void; identity: string } | null = null;

  constructor(root: string) {
    this.#root = root;
    this.#file = runtimePaths(root).store;
  }

  /** `work` on the store as it is now; null when nothing was ever indexed (no store file). */
  read<T>(work: (view: StoreView) => T): T | null {
    const identity = identityOf(this.#file);
    if (identity === null) {
      this.close();
      return null;
    }
    if (this.#open !== null && this.#open.identity !== identity) this.close();
    if (this.#open === null) {
      const fallback = this.#connect(identity);
      // On a full disk a reader cannot even create the -shm file: one connection for this call, closed after it.
      if (fallback !== null) {
        try {
          return work(fallback.view);
        } finally {
          fallback.close();
        }
      }
    }
    return work(this.#open!.view);
  }

  close(): void {
    this.#open?.close();
    this.#open = null;
  }

  /** Opens the cached connection; returns a one-call connection instead when the disk is full. */
  #connect(identity: string): { view: StoreView; close(): void } | null {
    let db: Database.Database;
    try {
      db = openDatabase(this.#file, { readonly: true });
    } catch (error) {
      if (error instanceof HeimdallError && error.code === 'no-space') {
        const store = new Store(this.#file, { withoutSharedMemory: true });
        return { view: { store, docs: () => store.listSources().map((row) => ({ ...row, title: null, tags: [] })) }, close: () => store.close() };
      }
      if (!this.#needsMigration()) throw error;
      // Written by an older heimdall: a writing open migrates it (once), then it is read-only again.
      openExistingStore(this.#root)?.close();
      db = openDatabase(this.#file, { readonly: true });
    }
    const store = new Store(this.#file, { readonly: true });
    // The tags column is a JSON array as load wrote it; SQLite keeps only its strings, so the parse below cannot fail.
    const statement = db.prepare(`SELECT s.path, s.title, s.size, s.indexed_at_ms AS indexedAtMs,
      CASE WHEN json_valid(s.tags) THEN (SELECT json_group_array(t.value) FROM json_each(s.tags) t WHERE t.type = 'text') ELSE '[]' END AS tags,
      (SELECT count(*) FROM memories m WHERE m.source_id = s.id) AS memories
      FROM sources s WHERE s.removed_at_ms IS NULL ORDER BY s.path`);
    const docs = (): DocRow[] => {
      try {
        return (statement.all() as Array<Omit<DocRow, 'tags'> & { tags: string }>).map((row) => ({ ...row, tags: JSON.parse(row.tags) as string[] }));
      } catch (error) {
        throw storeError(error, this.#file);
      }
    };
    this.#open = {
      view: { store, docs },
      identity,
      close: () => {
        store.close();
        db.close();
      },
    };
    return null;
  }

  /** A store an older heimdall wrote: a read-only open refuses it (migrating is a write). */
  #needsMigration(): boolean {
    let db: Database.Database | undefined;
    try {
      db = new BetterSqlite3(this.#file, { readonly: true, fileMustExist: true });
      return (db.pragma('user_version', { simple: true }) as number) < schemaVersion;
    } catch {
      return false;
    } finally {
      db?.close();
    }
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
