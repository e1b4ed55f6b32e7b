import type Database from 'better-sqlite3';
import { openDatabase, storeError, type OpenStoreOptions } from './open-store.js';
import { schemaVersion } from './migrations.js';
import { memoryFields, pathWords } from './memory-fields.js';
import { directIndex, reindexMemories, unindexMemories, type IndexWriter } from './memory-index.js';
import { stallInGroup, testStall, testStallNext } from './test-stall.js';
import { WriteGroup } from './write-group.js';
import { claimableVersion, purgeExpired, retireVersion, sourceColumns, tombstoneTtlMs } from './kept-versions.js';
import type { ColumnWeights, RankedRow, RowFilter } from './search-rows.js';
import { SqliteSearch } from './sqlite-search.js';
import type { DocRow, NewMemory, SourceRecord, SourceStat, StillCurrent, StoreStatus } from './store-types.js';

export type { NewMemory, SourceRecord, SourceStat, StoreStatus } from './store-types.js';
export { purgeAtMost } from './kept-versions.js';

/**
 * The memory store. Every write to one file is atomic: a failure leaves that file's previous memories. By default
 * each is its own transaction; in a write group (groupWrites, write-group.ts) they share one, committed by
 * commitGroup. A write that fails in a group leaves part of itself in the transaction: the caller rolls the group
 * back (rollbackGroup) and applies its writes again one transaction each (reconcile-paths.ts).
 */
export class Store {
  readonly file: string;
  readonly #db: Database.Database;
  // Preparing costs more than running these small statements: each is prepared once per connection.
  readonly #statements = new Map<string, Database.Statement>();
  #group: WriteGroup | null = null;
  /** Its search (sqlite-search.ts), on this connection. */
  readonly search: SqliteSearch;

  constructor(file: string, options: OpenStoreOptions = {}) {
    this.file = file;
    this.#db = openDatabase(file, options);
    this.search = new SqliteSearch({
      db: () => this.#db,
      statement: (sql) => this.#statement(sql),
      read: (work) => this.#read(work),
      tokenizer: () => this.#tokenizer(),
    });
  }

  close(): void {
    this.search.close();
    this.#db.close();
  }

  /**
   * On: the writes from now on share a transaction (write-group.ts); off ends that (after a commit or a rollback).
   * Nothing is durable nor visible to other connections before commitGroup(): a caller reports a write done once
   * that returned.
   */
  groupWrites(on: boolean): void {
    this.#group = on ? new WriteGroup(this.#db, this.#direct) : null;
  }

  /** Commits the group's writes. When that fails (a store error, thrown) they are rolled back: none is stored. */
  commitGroup(): void {
    try {
      this.#group?.commit();
    } catch (error) {
      throw storeError(error, this.file);
    }
  }

  /** Undoes every write of the group's open transaction (and the part of a write that failed in it). */
  rollbackGroup(): void {
    this.#group?.rollback();
  }

  liveSource(path: string): SourceRecord | undefined {
    return this.#statement(`SELECT ${sourceColumns} FROM sources s WHERE s.path = ? AND s.removed_at_ms IS NULL`).get(path) as SourceRecord | undefined;
  }

  liveSourcesUnder(prefix: string): SourceRecord[] {
    return this.#statement(`SELECT ${sourceColumns} FROM sources s WHERE s.removed_at_ms IS NULL AND substr(s.path, 1, ?) = ?`).all(
      prefix.length + 1,
      `${prefix}/`,
    ) as SourceRecord[];
  }

  listSources(): SourceRecord[] {
    return this.#statement(`SELECT ${sourceColumns} FROM sources s WHERE s.removed_at_ms IS NULL ORDER BY s.path`).all() as SourceRecord[];
  }

  /**
   * Replaces the file's memories (or creates the source) atomically. Returns false when, inside
   * the transaction, the store already holds this content: a concurrent load (the monitor and a
   * sync on the same file) got there first, and this one is a no-op.
   */
  replace(path: string, stat: SourceStat, doc: { title: string | null; tags: string[] }, memories: NewMemory[], current?: StillCurrent): boolean | 'stale' {
    // The crash tests expect the files before the stalled one stored (unless they ask for the stall inside a group).
    if (testStallNext() && !stallInGroup) this.commitGroup();
    return this.#writeIf(current, () => {
      const now = Date.now();
      const existing = this.#statement('SELECT id, sha1 FROM sources WHERE path = ? AND removed_at_ms IS NULL').get(path) as { id: number; sha1: string } | undefined;
      if (existing?.sha1 === stat.sha1) return false;
      // The version replaced is kept, out of search, for a switch back to claim unparsed (kept-versions.ts).
      if (existing) retireVersion(this.#sql, this.#index(), path, existing.id);
      const id = Number(this.#statement('INSERT INTO sources (path, sha1, size, mtime_ms, ctime_ms, ino, indexed_at_ms, title, tags, memory_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(path, stat.sha1, stat.size, stat.mtimeMs, stat.ctimeMs ?? null, stat.ino ?? null, now, doc.title, JSON.stringify(doc.tags), memories.length).lastInsertRowid);
      // The old version is retired, the new memories not yet written: the worst moment to die.
      testStall();
      const insert = this.#statement(`INSERT INTO memories (source_id, ordinal, heading, start_line, end_line, text, title, tags, path, parts)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const index = this.#index();
      memories.forEach((memory, ordinal) => {
        const fields = memoryFields(path, doc, memory);
        const row = insert.run(id, ordinal, memory.heading, memory.startLine, memory.endLine, memory.text, fields.title, fields.tags, fields.path, fields.parts);
        index.add(Number(row.lastInsertRowid), { text: memory.text, heading: memory.heading, ...fields });
      });
      return true;
    });
  }

  /**
   * Same content, new stat (a touch, a checkout rewriting identical bytes): keep the fast path accurate. Only while the
   * store still holds this content: a stat written over a concurrent writer's newer content (planned before it, written
   * after) would let sync's fast path trust a file it never read.
   */
  touch(path: string, stat: SourceStat): void {
    this.#write(() => {
      this.#statement('UPDATE sources SET size = ?, mtime_ms = ?, ctime_ms = ?, ino = ?, indexed_at_ms = ? WHERE path = ? AND removed_at_ms IS NULL AND sha1 = ?')
        .run(stat.size, stat.mtimeMs, stat.ctimeMs ?? null, stat.ino ?? null, Date.now(), path, stat.sha1);
    });
  }

  /** Marks a live source removed; its memories leave search at once. Returns the memory count, or null if it was not indexed. */
  remove(path: string, current?: StillCurrent): number | null | 'stale' {
    return this.#writeIf(current, () => {
      const source = this.liveSource(path);
      if (!source) return null;
      retireVersion(this.#sql, this.#index(), path, source.id);
      return source.memories;
    });
  }

  /** Whether claimRemoved(path) would find a version with this content now (a plan's hint: the claim looks again). */
  removedWithContent(sha1: string, path: string): boolean {
    // Most files have no kept version of their content at all (every new file of a bulk load): one index probe says so.
    if (this.#statement('SELECT 1 FROM sources WHERE sha1 = ? AND removed_at_ms IS NOT NULL LIMIT 1').get(sha1) === undefined) return false;
    const live = this.#statement('SELECT 1 FROM sources WHERE path = ? AND removed_at_ms IS NULL').get(path) !== undefined;
    return claimableVersion(this.#sql, path, sha1, live) !== undefined;
  }

  /**
   * Gives a recently removed or replaced source with this content to `path`, if there is one; returns where it came
   * from. The path's own version of that content first: a branch switch back, which costs no index change at all.
   * A live source of other content at `path` is retired for it (kept in turn for the next switch); onto a live path,
   * only that path's own version is claimed (PostgreSQL keeps no replaced versions: it claims none there).
   */
  claimRemoved(path: string, stat: SourceStat, current?: StillCurrent): { from: string; memories: number } | null | 'stale' {
    return this.#writeIf(current, () => {
      const live = this.liveSource(path);
      if (live?.sha1 === stat.sha1) return null;
      const tomb = claimableVersion(this.#sql, path, stat.sha1, live !== undefined);
      if (!tomb) return null;
      if (live) retireVersion(this.#sql, this.#index(), path, live.id, tomb.id);
      this.#statement('UPDATE sources SET path = ?, size = ?, mtime_ms = ?, ctime_ms = ?, ino = ?, indexed_at_ms = ?, removed_at_ms = NULL WHERE id = ?')
        .run(path, stat.size, stat.mtimeMs, stat.ctimeMs ?? null, stat.ino ?? null, Date.now(), tomb.id);
      if (tomb.path !== path) {
        // Its memories are found by their path's words: those moved too.
        unindexMemories(this.#sql, this.#index(), 'source_id = ?', tomb.id);
        this.#statement('UPDATE memories SET path = ? WHERE source_id = ?').run(pathWords(path), tomb.id);
        reindexMemories(this.#sql, this.#index(), 'source_id = ?', tomb.id);
      }
      return { from: tomb.path, memories: tomb.memories };
    });
  }

  /** Forgets the oldest kept versions past their time, at most purgeAtMost (kept-versions.ts). */
  purgeRemoved(olderThanMs: number = tombstoneTtlMs): void {
    this.#write(() => purgeExpired(this.#sql, this.#index(), Date.now() - olderThanMs));
  }

  /** The best `limit` live memories for an FTS5 MATCH expression (src/recall/ builds it from what people type). */
  rank(match: string, weights: ColumnWeights, filter: RowFilter, limit: number, also: string | null = null): RankedRow[] {
    return this.search.rank(match, weights, filter, limit, also);
  }

  /** Every live doc, by path, with its title and tags. */
  docs(): DocRow[] {
    // The tags column is a JSON array as load wrote it; SQLite keeps only its strings, so the parse below cannot fail.
    const rows = this.#read(() => this.#statement(`SELECT s.path, s.title, s.size, s.indexed_at_ms AS indexedAtMs,
      CASE WHEN json_valid(s.tags) THEN (SELECT json_group_array(t.value) FROM json_each(s.tags) t WHERE t.type = 'text') ELSE '[]' END AS tags,
      s.memory_count AS memories FROM sources s WHERE s.removed_at_ms IS NULL ORDER BY s.path`).all()) as Array<Omit<DocRow, 'tags'> & { tags: string }>;
    return rows.map((row) => ({ ...row, tags: JSON.parse(row.tags) as string[] }));
  }

  status(storeBytes: number): StoreStatus {
    const live = this.#statement('SELECT count(*) AS sources, coalesce(sum(memory_count), 0) AS memories FROM sources WHERE removed_at_ms IS NULL').get() as { sources: number; memories: number };
    return { sources: live.sources, memories: live.memories, storeBytes, schemaVersion };
  }

  #statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      // Search builds its SQL per query shape (weights, filters, how many ids): a bound keeps odd callers from growing it.
      if (this.#statements.size >= 500) this.#statements.clear();
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  // The index's tokenizer as its table was created (a later migration may change it), for FewMemories.
  #tokenizer(): string {
    const sql = this.#statement("SELECT sql FROM sqlite_master WHERE name = 'memories_fts'").pluck().get() as string;
    return /tokenize\s*=\s*'((?:[^']|'')*)'/.exec(sql)?.[1]?.replace(/''/g, "'") ?? 'unicode61';
  }

  readonly #sql = { db: () => this.#db, statement: (sql: string) => this.#statement(sql) };
  readonly #direct: IndexWriter = directIndex(this.#sql);

  #index(): IndexWriter {
    return this.#group?.index ?? this.#direct;
  }

  #read<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw storeError(error, this.file);
    }
  }

  // A write that depends on the disk: `current` is asked inside the transaction, under the write lock (store-types.ts).
  #writeIf<T>(current: StillCurrent | undefined, work: () => T): T | 'stale' {
    return this.#write(() => (current?.() === false ? 'stale' : work()));
  }

  #write<T>(work: () => T): T {
    try {
      return this.#group === null ? this.#db.transaction(work).immediate() : this.#group.run(work);
    } catch (error) {
      throw storeError(error, this.file);
    }
  }
}
