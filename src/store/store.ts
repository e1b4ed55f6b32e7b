import type Database from 'better-sqlite3';
import { openDatabase, storeError, type OpenStoreOptions } from './open-store.js';
import { schemaVersion } from './migrations.js';
import { memoryFields, pathWords } from './memory-fields.js';
import { testStall } from './test-stall.js';
import { idsMatching, rankRows, snippetsOf, textsOf, type ColumnWeights, type RankedRow, type RowFilter } from './search-rows.js';

export interface SourceStat {
  sha1: string;
  size: number;
  mtimeMs: number;
  /** Absent or null: not known, so never trusted by sync's fast path. */
  ctimeMs?: number | null;
  ino?: number | null;
}

export interface SourceRecord extends SourceStat {
  id: number;
  path: string;
  indexedAtMs: number;
  memories: number;
}

export interface NewMemory {
  heading: string;
  startLine: number;
  endLine: number;
  text: string;
}

export interface StoreStatus {
  sources: number;
  memories: number;
  storeBytes: number;
  schemaVersion: number;
}

/** How long a removed file's memories wait for a rename to claim them. */
const tombstoneTtlMs = 10 * 60 * 1000;

const sourceColumns = `s.id, s.path, s.sha1, s.size, s.mtime_ms AS mtimeMs, s.ctime_ms AS ctimeMs, s.ino, s.indexed_at_ms AS indexedAtMs,
  (SELECT count(*) FROM memories m WHERE m.source_id = s.id) AS memories`;

/** The memory store. Every write to one file is one transaction: a failure leaves that file's previous memories. */
export class Store {
  readonly file: string;
  readonly #db: Database.Database;

  constructor(file: string, options: OpenStoreOptions = {}) {
    this.file = file;
    this.#db = openDatabase(file, options);
  }

  close(): void {
    this.#db.close();
  }

  liveSource(path: string): SourceRecord | undefined {
    return this.#db.prepare(`SELECT ${sourceColumns} FROM sources s WHERE s.path = ? AND s.removed_at_ms IS NULL`).get(path) as SourceRecord | undefined;
  }

  liveSourcesUnder(prefix: string): SourceRecord[] {
    return this.#db
      .prepare(`SELECT ${sourceColumns} FROM sources s WHERE s.removed_at_ms IS NULL AND substr(s.path, 1, ?) = ?`)
      .all(prefix.length + 1, `${prefix}/`) as SourceRecord[];
  }

  listSources(): SourceRecord[] {
    return this.#db.prepare(`SELECT ${sourceColumns} FROM sources s WHERE s.removed_at_ms IS NULL ORDER BY s.path`).all() as SourceRecord[];
  }

  /**
   * Replaces the file's memories (or creates the source) atomically. Returns false when, inside
   * the transaction, the store already holds this content: a concurrent load (the monitor and a
   * sync on the same file) got there first, and this one is a no-op.
   */
  replace(path: string, stat: SourceStat, doc: { title: string | null; tags: string[] }, memories: NewMemory[]): boolean {
    return this.#write(() => {
      const db = this.#db;
      const now = Date.now();
      const existing = db.prepare('SELECT id, sha1 FROM sources WHERE path = ? AND removed_at_ms IS NULL').get(path) as { id: number; sha1: string } | undefined;
      if (existing?.sha1 === stat.sha1) return false;
      let id: number;
      if (existing) {
        id = existing.id;
        db.prepare('DELETE FROM memories WHERE source_id = ?').run(id);
        db.prepare('UPDATE sources SET sha1 = ?, size = ?, mtime_ms = ?, ctime_ms = ?, ino = ?, indexed_at_ms = ?, title = ?, tags = ? WHERE id = ?')
          .run(stat.sha1, stat.size, stat.mtimeMs, stat.ctimeMs ?? null, stat.ino ?? null, now, doc.title, JSON.stringify(doc.tags), id);
      } else {
        id = Number(db.prepare('INSERT INTO sources (path, sha1, size, mtime_ms, ctime_ms, ino, indexed_at_ms, title, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(path, stat.sha1, stat.size, stat.mtimeMs, stat.ctimeMs ?? null, stat.ino ?? null, now, doc.title, JSON.stringify(doc.tags)).lastInsertRowid);
      }
      // The old memories are deleted, the new ones not yet written: the worst moment to die.
      testStall();
      const insert = db.prepare(`INSERT INTO memories (source_id, ordinal, heading, start_line, end_line, text, title, tags, path, parts)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      memories.forEach((memory, ordinal) => {
        const fields = memoryFields(path, doc, memory);
        insert.run(id, ordinal, memory.heading, memory.startLine, memory.endLine, memory.text, fields.title, fields.tags, fields.path, fields.parts);
      });
      return true;
    });
  }

  /** Same content, new stat (a touch, a checkout rewriting identical bytes): keep the fast path accurate. */
  touch(path: string, stat: SourceStat): void {
    this.#write(() => {
      this.#db.prepare('UPDATE sources SET size = ?, mtime_ms = ?, ctime_ms = ?, ino = ?, indexed_at_ms = ? WHERE path = ? AND removed_at_ms IS NULL')
        .run(stat.size, stat.mtimeMs, stat.ctimeMs ?? null, stat.ino ?? null, Date.now(), path);
    });
  }

  /** Marks a live source removed; its memories leave search at once. Returns the memory count, or null if it was not indexed. */
  remove(path: string): number | null {
    return this.#write(() => {
      const source = this.liveSource(path);
      if (!source) return null;
      this.#db.prepare('UPDATE sources SET removed_at_ms = ? WHERE id = ?').run(Date.now(), source.id);
      return source.memories;
    });
  }

  /** Gives a recently removed source with this content to `path`, if there is one; returns where it came from. */
  claimRemoved(path: string, stat: SourceStat): { from: string; memories: number } | null {
    return this.#write(() => {
      if (this.liveSource(path)) return null;
      const tomb = this.#db
        .prepare(`SELECT ${sourceColumns} FROM sources s WHERE s.sha1 = ? AND s.removed_at_ms IS NOT NULL ORDER BY s.removed_at_ms DESC LIMIT 1`)
        .get(stat.sha1) as SourceRecord | undefined;
      if (!tomb) return null;
      this.#db.prepare('UPDATE sources SET path = ?, size = ?, mtime_ms = ?, ctime_ms = ?, ino = ?, indexed_at_ms = ?, removed_at_ms = NULL WHERE id = ?')
        .run(path, stat.size, stat.mtimeMs, stat.ctimeMs ?? null, stat.ino ?? null, Date.now(), tomb.id);
      // Its memories are found by their path's words: those moved too.
      this.#db.prepare('UPDATE memories SET path = ? WHERE source_id = ?').run(pathWords(path), tomb.id);
      return { from: tomb.path, memories: tomb.memories };
    });
  }

  purgeRemoved(olderThanMs: number = tombstoneTtlMs): void {
    this.#write(() => {
      this.#db.prepare('DELETE FROM sources WHERE removed_at_ms IS NOT NULL AND removed_at_ms < ?').run(Date.now() - olderThanMs);
    });
  }

  /** The best `limit` live memories for an FTS5 MATCH expression (src/recall/ builds it from what people type). */
  rank(match: string, weights: ColumnWeights, filter: RowFilter, limit: number): RankedRow[] {
    return this.#read(() => rankRows(this.#db, match, weights, filter, limit));
  }

  snippets(match: string, ids: readonly number[]): Map<number, string> {
    return this.#read(() => snippetsOf(this.#db, match, ids));
  }

  texts(ids: readonly number[]): Map<number, string> {
    return this.#read(() => textsOf(this.#db, ids));
  }

  matching(match: string, ids: readonly number[]): Set<number> {
    return this.#read(() => idsMatching(this.#db, match, ids));
  }

  status(storeBytes: number): StoreStatus {
    const sources = this.#db.prepare('SELECT count(*) AS n FROM sources WHERE removed_at_ms IS NULL').get() as { n: number };
    const memories = this.#db.prepare('SELECT count(*) AS n FROM memories m JOIN sources s ON s.id = m.source_id WHERE s.removed_at_ms IS NULL').get() as { n: number };
    return { sources: sources.n, memories: memories.n, storeBytes, schemaVersion };
  }

  #read<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw storeError(error, this.file);
    }
  }

  #write<T>(work: () => T): T {
    try {
      return this.#db.transaction(work).immediate();
    } catch (error) {
      throw storeError(error, this.file);
    }
  }
}
