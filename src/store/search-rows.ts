import type Database from 'better-sqlite3';
import { ftsColumns } from './migration-2.js';

/** bm25() weights, one per column of memories_fts (ftsColumns order). */
export type ColumnWeights = Record<(typeof ftsColumns)[number], number>;

/** The connection, and its statements prepared once (Store's cache). */
export interface SqlSource {
  db(): Database.Database;
  statement(sql: string): Database.Statement;
}

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
 * How many matches bm25 ranks at most: the first ones in rowid order (the oldest memories). bm25 costs a few
 * microseconds per match, and a query of common words matches most of a big store. 3,000: the recall benchmark's
 * ranks are those of an unbounded bm25 down to it (2,000 lost one), and a 200,000-memory store's p95 is ~15% under
 * 5,000's.
 */
export const rankedAtMost = 3000;

/**
 * How many matches are ranked, at least: rankedAtMost, and as many more as there are memories of removed and replaced
 * sources (kept for a rename or a branch switch back to claim them: kept-versions.ts). They are still indexed, and the oldest
 * rows come first, so that many more keep rankedAtMost live ones in the window.
 */
export function rankWindow(sql: SqlSource): number {
  return rankedAtMost + (sql.statement('SELECT coalesce(sum(memory_count), 0) FROM sources WHERE removed_at_ms IS NOT NULL').pluck().get() as number);
}

/** How many memories `match` finds, counting no further than `atMost`: that many rows read at most. */
export function countMatches(sql: SqlSource, match: string, atMost: number): number {
  return sql.statement('SELECT count(*) FROM (SELECT 1 FROM memories_fts WHERE memories_fts MATCH ? LIMIT ?)').pluck().get(match, atMost) as number;
}

/**
 * The best `limit` live memories for a MATCH expression, among its first `rankedAtMost` matches; with `also`, only
 * those that match it too. `also` holds the terms in most memories (mostlyMatching): bm25 gives them no weight (FTS5
 * clamps their idf to 1e-6), and counting their rows for it, which bm25 does for every term of its MATCH, would be
 * most of the query's cost. So they are checked on the best rows instead, as many more of those as needed. Only ids
 * and locations: snippets cost a pass over each row's text, so they are made for the rows returned alone.
 */
export function rankRows(sql: SqlSource, match: string, weights: ColumnWeights, filter: RowFilter, limit: number, also: string | null = null): RankedRow[] {
  const { from, where, params, joined } = filtered(sql, filter);
  const bm25 = `bm25(memories_fts, ${ftsColumns.map((column) => Number(weights[column])).join(', ')})`;
  // The first rankedAtMost matches with their bm25 (parameters: the match, rankedAtMost), unjoined.
  const firstRanked = `SELECT rowid, ${bm25} AS rank FROM memories_fts WHERE memories_fts MATCH ? ORDER BY rowid LIMIT ?`;
  // The first rankedAtMost matches in rowid order, ranked, in one statement: FTS5 stops reading at the last of them,
  // and builds a prefix term's list of rows once for it (and once more for bm25's count of each term's rows, the fixed
  // part of its cost). A pass that found where they end first, then ranked below it, cost that pass more (~20% of the
  // slowest searches); no match at all (the all-words query of a long question, often) still costs one pass, no bm25.
  // bm25 over the FTS table alone, then the join: joining every match first doubles the cost of a common word. The
  // kept memories are in that table: the window (rankWindow) and the best rows asked for grow by as many, so that
  // they still hold rankedAtMost and `count` live ones. A big branch switch makes searches slower for a while, not
  // blind.
  const window = joined ? rankedAtMost : rankWindow(sql);
  const lingering = window - rankedAtMost;
  const ranked = (count: number): RankedRow[] => {
    if (!joined) {
      return sql
        .statement(`SELECT ${columns}, best.rank AS rank
          FROM (SELECT rowid, rank FROM (${firstRanked}) ORDER BY rank LIMIT ?) best
          JOIN memories m ON m.id = best.rowid JOIN sources s ON s.id = m.source_id
          WHERE s.removed_at_ms IS NULL ORDER BY best.rank LIMIT ?`)
        .all(match, window, count + lingering, count) as RankedRow[];
    }
    return sql
      .statement(`SELECT * FROM (SELECT ${columns}, ${bm25} AS rank ${from} WHERE memories_fts MATCH ? ${where} ORDER BY memories_fts.rowid LIMIT ?) ORDER BY rank LIMIT ?`)
      .all(match, ...params, rankedAtMost, count) as RankedRow[];
  };
  if (also === null) return ranked(limit);
  // Ranked once (bm25's fixed cost is most of a statement's), then the best checked for `also` a batch at a time, as
  // many as needed: per-id lookups, the lists of rows of words this common are indexed for seeking.
  const order = joined ? ranked(rankedAtMost) : (sql.statement(`SELECT rowid AS id, rank FROM (${firstRanked}) ORDER BY rank`).all(match, window) as Array<{ id: number; rank: number }>);
  const kept: RankedRow[] = [];
  // The next batch: as many as the share found so far says are needed, and a quarter more.
  const next = (checked: number, size: number) => (kept.length === 0 ? size * 4 : Math.ceil(((limit - kept.length) * checked * 1.25) / kept.length) + 4);
  for (let at = 0, size = limit * 2; at < order.length && kept.length < limit; at += size, size = next(at, size)) {
    const batch = order.slice(at, at + size);
    const ids = padded(batch.map((row) => row.id));
    const found = new Set(sql.statement(`SELECT rowid FROM memories_fts WHERE memories_fts MATCH ? AND rowid IN (${ids.map(() => 'CAST(? AS INTEGER)').join(', ')})`).pluck().all(also, ...ids));
    const matching = batch.filter((row) => found.has(row.id));
    if (joined) kept.push(...(matching as RankedRow[]));
    else if (matching.length > 0) {
      // Live ones only, with their locations.
      const some = padded(matching.map((row) => row.id));
      const live = new Map((sql.statement(`SELECT ${columns} FROM memories m JOIN sources s ON s.id = m.source_id WHERE s.removed_at_ms IS NULL AND m.id IN (${some.map(() => 'CAST(? AS INTEGER)').join(', ')})`).all(...some) as RankedRow[]).map((row) => [row.id, row]));
      for (const row of matching) {
        const located = live.get(row.id);
        if (located !== undefined) kept.push({ ...located, rank: row.rank });
      }
    }
  }
  return kept.slice(0, limit);
}

// Ids to an IN list of a power-of-two length (the last repeated): a few statements for the Store's cache, not one per length.
function padded(ids: number[]): number[] {
  let length = 8;
  while (length < ids.length) length *= 2;
  return ids.length === 0 ? ids : [...ids, ...Array<number>(length - ids.length).fill(ids[ids.length - 1]!)];
}

/** The first `limit` live memories `match` finds, unranked: for a query whose every term is in most memories. */
export function firstRows(sql: SqlSource, match: string, filter: RowFilter, limit: number): RankedRow[] {
  const { where, params } = filtered(sql, filter);
  return sql
    .statement(`SELECT ${columns}, ${unranked} AS rank FROM memories_fts JOIN memories m ON m.id = memories_fts.rowid JOIN sources s ON s.id = m.source_id
      WHERE memories_fts MATCH ? AND s.removed_at_ms IS NULL ${where} ORDER BY memories_fts.rowid LIMIT ?`)
    .all(match, ...params, limit) as RankedRow[];
}

/** The rank of an unranked row: what bm25 gives a word in most memories. */
const unranked = -1e-6;

const columns = 'm.id AS id, s.path AS path, m.heading AS heading, m.start_line AS startLine, m.end_line AS endLine';

// The FROM and the conditions of a filtered search (live memories of the paths and tags asked for), its parameters.
function filtered(sql: SqlSource, filter: RowFilter): { from: string; where: string; params: unknown[]; joined: boolean } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.path !== undefined) {
    pathFilterOf(sql.db()).current = filter.path;
    conditions.push('heimdall_path_ok(s.path)');
  }
  for (const tag of filter.tags ?? []) {
    conditions.push('EXISTS (SELECT 1 FROM json_each(s.tags) t WHERE lower(t.value) = lower(?))');
    params.push(tag);
  }
  if (conditions.length === 0) return { from: 'FROM memories_fts', where: '', params, joined: false };
  return {
    from: 'FROM memories_fts JOIN memories m ON m.id = memories_fts.rowid JOIN sources s ON s.id = m.source_id',
    where: ['AND s.removed_at_ms IS NULL', ...conditions.map((c) => `AND ${c}`)].join(' '),
    params,
    joined: true,
  };
}

// How many matches mostlyMatching reads at each end of the store.
const sample = 200;

/**
 * True when `match` is, by a sample, in more than 70% of the memories: its first and its last matches (by id) against
 * the ids they span. bm25 weighs a term in more than half the memories 1e-6. A store of few memories is never
 * sampled (counting its rows is cheap), nor a prefix term: FTS5 builds a prefix's whole list of rows to read it.
 */
export function mostlyMatching(sql: SqlSource, match: string): boolean {
  if (match.includes('*')) return false;
  // Apart: together, min() and max() would read the whole table.
  const lo = sql.statement('SELECT min(id) FROM memories').pluck().get() as number | null;
  const hi = sql.statement('SELECT max(id) FROM memories').pluck().get() as number | null;
  if (lo === null || hi === null || hi - lo < 20 * sample) return false;
  const nth = (order: 'ASC' | 'DESC') =>
    sql.statement(`SELECT rowid FROM memories_fts WHERE memories_fts MATCH ? ORDER BY rowid ${order} LIMIT 1 OFFSET ?`).pluck().get(match, sample - 1) as number | undefined;
  const first = nth('ASC');
  if (first === undefined || sample / (first - lo + 1) <= 0.55) return false;
  const last = nth('DESC');
  return last !== undefined && sample / (hi - last + 1) > 0.55;
}
