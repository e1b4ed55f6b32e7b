import type Database from 'better-sqlite3';
import { IndexBacklog, type IndexWriter } from './memory-index.js';

/**
 * Writes that share one transaction (BEGIN IMMEDIATE, opened by the first of them), until commit() or rollback(): a
 * bulk load pays a commit (and FTS5 an index segment) per chunk of files instead of per file. No savepoint per write:
 * FTS5 writes its pending index to disk at every savepoint, which is what a group saves. So a write that fails leaves
 * part of itself in the transaction: its caller rolls the group back (reconcile-paths.ts). Its writes' changes of the
 * FTS5 index are held back until the commit (IndexBacklog: one index segment per group, not one per file).
 */
export class WriteGroup {
  readonly #db: Database.Database;
  readonly #begin: Database.Statement;
  readonly #commit: Database.Statement;
  readonly index: IndexBacklog;

  constructor(db: Database.Database, index: IndexWriter) {
    this.#db = db;
    this.index = new IndexBacklog(index);
    this.#begin = db.prepare('BEGIN IMMEDIATE');
    this.#commit = db.prepare('COMMIT');
  }

  run<T>(work: () => T): T {
    if (!this.#db.inTransaction) this.#begin.run();
    return work();
  }

  /** Commits the writes so far; when that fails they are rolled back, and the error thrown. */
  commit(): void {
    if (!this.#db.inTransaction) return;
    try {
      this.index.apply();
      this.#commit.run();
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Undoes every write of the open transaction (and the part of a write that failed in it). */
  rollback(): void {
    this.index.discard();
    // SQLite may have rolled back already (a full disk can): then there is no transaction left.
    if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
  }
}
