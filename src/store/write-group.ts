import type Database from 'better-sqlite3';

/** How many writes of a group share a transaction, at most, and for how long: other writers wait that long at most. */
export interface WriteGroupLimits {
  maxWrites: number;
  maxMs: number;
}

// A commit per ~100 ms of work: the monitor's load, a hook's sync and the MCP server wait for the write lock
// (busy_timeout 5 s) no longer than that, and a bulk load pays a commit (and FTS5 an index segment) per few
// hundred files instead of per file.
export const defaultGroupLimits: WriteGroupLimits = { maxWrites: 500, maxMs: 100 };

/**
 * Writes that share one transaction (BEGIN IMMEDIATE, opened by the first of them), until commit() or rollback().
 * No savepoint per write: FTS5 writes its pending index to disk at every savepoint, which is what a group saves. So a
 * write that fails leaves part of itself in the transaction: its caller rolls the group back (Store, reconcile-paths).
 */
export class WriteGroup {
  readonly #db: Database.Database;
  readonly #limits: WriteGroupLimits;
  readonly #begin: Database.Statement;
  readonly #commit: Database.Statement;
  /** performance.now() at BEGIN; null while no transaction is open. */
  #openedAt: number | null = null;
  #writes = 0;

  constructor(db: Database.Database, limits: WriteGroupLimits) {
    this.#db = db;
    this.#limits = limits;
    this.#begin = db.prepare('BEGIN IMMEDIATE');
    this.#commit = db.prepare('COMMIT');
  }

  run<T>(work: () => T): T {
    if (!this.#db.inTransaction) {
      this.#begin.run();
      this.#openedAt = performance.now();
      this.#writes = 0;
    }
    const result = work();
    this.#writes++;
    return result;
  }

  /** True when the open transaction has reached its limits: time to commit. */
  due(): boolean {
    return this.#openedAt !== null && (this.#writes >= this.#limits.maxWrites || performance.now() - this.#openedAt >= this.#limits.maxMs);
  }

  /** Commits the writes so far; when that fails they are rolled back, and the error thrown. */
  commit(): void {
    if (!this.#db.inTransaction) return;
    this.#openedAt = null;
    try {
      this.#commit.run();
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Undoes every write of the open transaction (and the part of a write that failed in it). */
  rollback(): void {
    this.#openedAt = null;
    // SQLite may have rolled back already (a full disk can): then there is no transaction left.
    if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
  }
}
