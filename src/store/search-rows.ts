import type Database from 'better-sqlite3';
import { ftsColumns } from './migration-2.js';

/** bm25() weights, one per column of memories_fts (ftsColumns order). */
export type ColumnWeights = Record<(typeof ftsColumns)[number], number>;

export interface RowFilter {
  /** Project-relative path of the memory's doc -> kept or not. */
  path?: ((path: string) => boolean) | undefined;
  /** The doc carries every one of these tags (case-insensitive). */
  tags?: readonly string[] | undefined;
}

export interface RankedRow {
  id: number;
  path: string;
  heading: string;
  startLine: number;
  endLine: number;
  /** bm25(): lower is better. */
  rank: number;
}

// One path filter per connection, swapped per query: a SQL function is registered once and reads it.
const pathFilters = new WeakMap<Database.Database, { current: (path: string) => boolean }>();

function pathFilterOf(db: Database.Database): { current: (path: string) => boolean } {
  let slot = pathFilters.get(db);
  if (slot === undefined) {
    const created = { current: (_path: string) => true };
    db.function('heimdall_path_ok', { deterministic: false }, (path) => (created.current(String(path)) ? 1 : 0));
    pathFilters.set(db, created);
    slot = created;
  }
  return slot;
}

/**
 * The best `limit` live memories for a MATCH expression. Only ids and locations: snippets cost a pass over
 * each row's text, so they are made for the rows returned alone (snippetsOf), not for every match.
 */
export function rankRows(db: Database.Database, match: string, weights: ColumnWeights, filter: RowFilter, limit: number): RankedRow[] {
  const conditions: string[] = [];
  const params: unknown[] = [match];
  if (filter.path !== undefined) {
    pathFilterOf(db).current = filter.path;
    conditions.push('heimdall_path_ok(s.path)');
  }
  for (const tag of filter.tags ?? []) {
    conditions.push('EXISTS (SELECT 1 FROM json_each(s.tags) t WHERE lower(t.value) = lower(?))');
    params.push(tag);
  }
  const bm25 = `bm25(memories_fts, ${ftsColumns.map((column) => Number(weights[column])).join(', ')})`;
  return db
    .prepare(`SELECT m.id AS id, s.path AS path, m.heading AS heading, m.start_line AS startLine, m.end_line AS endLine, ${bm25} AS rank
      FROM memories_fts JOIN memories m ON m.id = memories_fts.rowid JOIN sources s ON s.id = m.source_id
      WHERE memories_fts MATCH ? AND s.removed_at_ms IS NULL ${conditions.map((c) => `AND ${c}`).join(' ')}
      ORDER BY rank LIMIT ?`)
    .all(...params, limit) as RankedRow[];
}

// better-sqlite3 binds a JS number as a REAL, and FTS5 then ignores a `rowid = ?` beside MATCH (every match
// comes back): the ids are cast.

/** Each row's text around what `match` found, the matches between `**`. */
export function snippetsOf(db: Database.Database, match: string, ids: readonly number[]): Map<number, string> {
  const statement = db.prepare(`SELECT snippet(memories_fts, 0, '**', '**', '…', 16) AS snippet FROM memories_fts WHERE memories_fts MATCH ? AND rowid = CAST(? AS INTEGER)`);
  const out = new Map<number, string>();
  for (const id of ids) {
    const row = statement.get(match, id) as { snippet: string | null } | undefined;
    out.set(id, row?.snippet ?? '');
  }
  return out;
}

/** Which of `ids` `match` finds. */
export function idsMatching(db: Database.Database, match: string, ids: readonly number[]): Set<number> {
  if (ids.length === 0) return new Set();
  const rows = db
    .prepare(`SELECT rowid AS id FROM memories_fts WHERE memories_fts MATCH ? AND rowid IN (${ids.map(() => 'CAST(? AS INTEGER)').join(', ')})`)
    .all(match, ...ids) as Array<{ id: number }>;
  return new Set(rows.map((row) => row.id));
}
