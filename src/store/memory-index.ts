import { ftsColumns } from './migration-2.js';
import type { SqlSource } from './search-rows.js';

/** A memory's indexed columns (memories_fts, ftsColumns order). */
export type IndexedColumns = Record<(typeof ftsColumns)[number], string>;

const cols = ftsColumns.join(', ');
const marks = ftsColumns.map(() => '?').join(', ');

// Since schema 3 the store keeps memories_fts equal to memories itself, in the same transaction as the rows, where
// triggers did before: a statement with a trigger writing FTS5 opens a statement savepoint, and FTS5 writes its pending
// index to disk at every savepoint, so a trigger made each memory row an index segment of its own (migrations.ts).

/** Where a store write sends its changes of memories_fts: at once, or held back for its group (IndexBacklog). */
export interface IndexWriter {
  add(id: number, columns: IndexedColumns): void;
  /** An external-content table's 'delete' must be given exactly what was indexed. */
  drop(id: number, columns: IndexedColumns): void;
}

export function directIndex(sql: SqlSource): IndexWriter {
  return {
    add: (id, columns) => sql.statement(`INSERT INTO memories_fts (rowid, ${cols}) VALUES (?, ${marks})`).run(id, ...ftsColumns.map((column) => columns[column])),
    drop: (id, columns) =>
      sql.statement(`INSERT INTO memories_fts (memories_fts, rowid, ${cols}) VALUES ('delete', ?, ${marks})`).run(id, ...ftsColumns.map((column) => columns[column])),
  };
}

/**
 * A write group's index changes, made at its commit: every drop first, then every add, each in rowid order. FTS5
 * writes its pending terms to disk as a new segment whenever it is given a rowid lower than the one before (or the
 * same one added again): a reload of many files, each dropping its old (lower) rowids after the file before added its
 * new ones, wrote one segment per file and then spent the commit merging them (a third of a 2,000-file load).
 * Reordering keeps the index's content: what is dropped is what was indexed before the group (its content read when
 * the write ran), and a rowid is only ever dropped then added in a group; a drop of a rowid added in the group
 * (which reordering would get wrong) first applies what is held.
 */
export class IndexBacklog implements IndexWriter {
  readonly #direct: IndexWriter;
  #drops: Array<{ id: number; columns: IndexedColumns }> = [];
  #adds: Array<{ id: number; columns: IndexedColumns }> = [];
  #added = new Set<number>();

  constructor(direct: IndexWriter) {
    this.#direct = direct;
  }

  add(id: number, columns: IndexedColumns): void {
    this.#adds.push({ id, columns });
    this.#added.add(id);
  }

  drop(id: number, columns: IndexedColumns): void {
    if (this.#added.has(id)) this.apply();
    this.#drops.push({ id, columns });
  }

  /** Makes the held changes (before the group's commit). */
  apply(): void {
    const [drops, adds] = [this.#drops, this.#adds];
    this.discard();
    for (const { id, columns } of drops.sort((a, b) => a.id - b.id)) this.#direct.drop(id, columns);
    for (const { id, columns } of adds.sort((a, b) => a.id - b.id)) this.#direct.add(id, columns);
  }

  /** Forgets them (the group rolled back). */
  discard(): void {
    this.#drops = [];
    this.#adds = [];
    this.#added = new Set();
  }
}

/** Takes the memories `where` selects out of the index, as they are stored. Before the rows change or go. */
export function unindexMemories(sql: SqlSource, index: IndexWriter, where: string, ...params: unknown[]): void {
  for (const row of indexedRows(sql, where, params)) index.drop(row.id, row);
}

/** Indexes the memories `where` selects as they are now stored (after an UPDATE, unindexMemories before it). */
export function reindexMemories(sql: SqlSource, index: IndexWriter, where: string, ...params: unknown[]): void {
  for (const row of indexedRows(sql, where, params)) index.add(row.id, row);
}

function indexedRows(sql: SqlSource, where: string, params: unknown[]): Array<{ id: number } & IndexedColumns> {
  return sql.statement(`SELECT id, ${cols} FROM memories WHERE ${where}`).all(...params) as Array<{ id: number } & IndexedColumns>;
}
