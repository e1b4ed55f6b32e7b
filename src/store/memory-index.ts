import { ftsColumns } from './migration-2.js';
import type { SqlSource } from './search-rows.js';

/** A memory's indexed columns (memories_fts, ftsColumns order). */
export type IndexedColumns = Record<(typeof ftsColumns)[number], string>;

const cols = ftsColumns.join(', ');
const marks = ftsColumns.map(() => '?').join(', ');

// Since schema 3 the store keeps memories_fts equal to memories itself, in the same transaction as the rows, where
// triggers did before: a statement with a trigger writing FTS5 opens a statement savepoint, and FTS5 writes its pending
// index to disk at every savepoint, so a trigger made each memory row an index segment of its own (migrations.ts).

export function indexMemory(sql: SqlSource, id: number, columns: IndexedColumns): void {
  sql.statement(`INSERT INTO memories_fts (rowid, ${cols}) VALUES (?, ${marks})`).run(id, ...ftsColumns.map((column) => columns[column]));
}

/**
 * Takes the memories `where` selects out of the index, as they are stored: an external-content table's 'delete' must
 * be given exactly what was indexed. Before the rows change or go.
 */
export function unindexMemories(sql: SqlSource, where: string, ...params: unknown[]): void {
  const rows = sql.statement(`SELECT id, ${cols} FROM memories WHERE ${where}`).all(...params) as Array<{ id: number } & IndexedColumns>;
  const remove = sql.statement(`INSERT INTO memories_fts (memories_fts, rowid, ${cols}) VALUES ('delete', ?, ${marks})`);
  for (const row of rows) remove.run(row.id, ...ftsColumns.map((column) => row[column]));
}

/** Indexes the memories `where` selects as they are now stored (after an UPDATE, unindexMemories before it). */
export function reindexMemories(sql: SqlSource, where: string, ...params: unknown[]): void {
  const rows = sql.statement(`SELECT id, ${cols} FROM memories WHERE ${where}`).all(...params) as Array<{ id: number } & IndexedColumns>;
  for (const row of rows) indexMemory(sql, row.id, row);
}
