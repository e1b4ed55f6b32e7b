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
  const columns = 'm.id AS id, s.path AS path, m.heading AS heading, m.start_line AS startLine, m.end_line AS endLine';
  if (conditions.length === 0) {
    // bm25 over the FTS table alone, then the join: joining every match first doubles the cost of a common
    // word. The memories of removed sources (lingering for a rename to claim them) are still indexed: asking
    // for that many more keeps `limit` live ones.
    const lingering = (db.prepare('SELECT count(*) AS n FROM memories WHERE source_id IN (SELECT id FROM sources WHERE removed_at_ms IS NOT NULL)').get() as { n: number }).n;
    return db
      .prepare(`SELECT ${columns}, best.rank AS rank
        FROM (SELECT rowid, ${bm25} AS rank FROM memories_fts WHERE memories_fts MATCH ? ORDER BY rank LIMIT ?) best
        JOIN memories m ON m.id = best.rowid JOIN sources s ON s.id = m.source_id
        WHERE s.removed_at_ms IS NULL ORDER BY best.rank LIMIT ?`)
      .all(match, limit + lingering, limit) as RankedRow[];
  }
  return db
    .prepare(`SELECT ${columns}, ${bm25} AS rank
      FROM memories_fts JOIN memories m ON m.id = memories_fts.rowid JOIN sources s ON s.id = m.source_id
      WHERE memories_fts MATCH ? AND s.removed_at_ms IS NULL ${conditions.map((c) => `AND ${c}`).join(' ')}
      ORDER BY rank LIMIT ?`)
    .all(...params, limit) as RankedRow[];
}

/** Each row's text around what `match` found, the matches between `**`. */
export function snippetsOf(db: Database.Database, match: string, ids: readonly number[]): Map<number, string> {
  // One evaluation of the match for all of them (see idsMatching): per row, a prefix term (`the*`) would be
  // expanded over the whole vocabulary again each time.
  const rows = db
    .prepare(`SELECT rowid AS id, snippet(memories_fts, 0, '**', '**', '…', 16) AS snippet FROM memories_fts
      WHERE memories_fts MATCH ? AND rowid IN (${ids.map(() => 'CAST(? AS INTEGER)').join(', ')})`)
    .all(match, ...ids) as Array<{ id: number; snippet: string | null }>;
  return new Map(rows.map((row) => [row.id, row.snippet ?? '']));
}

/**
 * Which of `ids` `match` finds. FTS5 seeks a `rowid =` but filters a `rowid IN (...)` only after evaluating the
 * whole match: one lookup per id is cheaper, unless the match has a prefix term, which each lookup would expand
 * over the vocabulary again.
 */
export function idsMatching(db: Database.Database, match: string, ids: readonly number[]): Set<number> {
  if (ids.length === 0) return new Set();
  if (match.includes('*')) {
    const rows = db
      .prepare(`SELECT rowid AS id FROM memories_fts WHERE memories_fts MATCH ? AND rowid IN (${ids.map(() => 'CAST(? AS INTEGER)').join(', ')})`)
      .all(match, ...ids) as Array<{ id: number }>;
    return new Set(rows.map((row) => row.id));
  }
  const statement = db.prepare('SELECT 1 FROM memories_fts WHERE memories_fts MATCH ? AND rowid = CAST(? AS INTEGER)').pluck();
  return new Set(ids.filter((id) => statement.get(match, id) !== undefined));
}

/** The words a memory is shown by, for checking which query words it has as typed. */
export function textsOf(db: Database.Database, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare(`SELECT id, heading || ' ' || text AS words FROM memories WHERE id IN (${ids.map(() => 'CAST(? AS INTEGER)').join(', ')})`)
    .all(...ids) as Array<{ id: number; words: string }>;
  return new Map(rows.map((row) => [row.id, row.words]));
}
