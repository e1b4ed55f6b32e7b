import type pg from 'pg';
import type { MatchQuery } from '../match-query.js';
import type { ColumnWeights, RankedRow, RowFilter } from '../search-rows.js';
import { schema, searchConfig } from './postgres-migrations.js';
import { searchText, tsQueryText } from './search-text.js';
import { labelWeights } from './search-vector.js';

// The project's memories and their sources: every search reads through this, so no project sees another's rows.
const projectMemories = `${schema}.memories m JOIN ${schema}.sources s ON s.id = m.source_id`;
const query = (n: number) => `to_tsquery('${searchConfig}', $${n})`;
// SQLite's snippet(): 16 tokens around the matches, between `**`.
const headlineOptions = 'StartSel=**, StopSel=**, MaxWords=16, MinWords=8, ShortWord=0, MaxFragments=1, FragmentDelimiter=…';
// ts_rank_cd's normalization 1: divided by 1 + the log of the memory's length, as bm25 lets long memories weigh less.
const rankNormalization = 1;

/** The best `limit` live memories of the project for `match`, lowest rank first (minus ts_rank_cd, as bm25's sign goes). */
export async function rankRows(pool: pg.Pool, projectId: number, match: MatchQuery, weights: ColumnWeights, filter: RowFilter, limit: number): Promise<RankedRow[]> {
  const text = tsQueryText(match);
  if (text === null) return [];
  const params: unknown[] = [projectId, text, labelWeights(weights), limit];
  const conditions: string[] = [];
  if (filter.path !== undefined) {
    // The path filter is a function (globs): applied to the project's paths here, then given as source ids.
    const keep = filter.path;
    const sources = await pool.query<{ id: number; path: string }>(`SELECT id, path FROM ${schema}.sources WHERE project_id = $1 AND removed_at_ms IS NULL`, [projectId]);
    params.push(sources.rows.filter((row) => keep(row.path)).map((row) => row.id));
    conditions.push(`s.id = ANY($${params.length}::bigint[])`);
  }
  for (const tag of filter.tags ?? []) {
    params.push(tag);
    conditions.push(`EXISTS (SELECT 1 FROM jsonb_array_elements_text(s.tags) t WHERE lower(t) = lower($${params.length}))`);
  }
  const found = await pool.query<RankedRow>(
    `SELECT m.id, s.path, m.heading, m.start_line AS "startLine", m.end_line AS "endLine",
       -ts_rank_cd($3::float4[], m.search, q, ${rankNormalization}) AS rank
     FROM ${query(2)} q, ${projectMemories}
     WHERE m.search @@ q AND s.project_id = $1 AND s.removed_at_ms IS NULL ${conditions.map((c) => `AND ${c}`).join(' ')}
     ORDER BY rank, m.id LIMIT $4`,
    params,
  );
  return found.rows;
}

/** What the index keeps of `word`: its stems, joined (recall makes a prefix whose stem is under three letters a word). */
export async function stemOf(pool: pg.Pool, word: string): Promise<string> {
  const found = await pool.query<{ stem: string }>(`SELECT coalesce(string_agg(lexeme, '' ORDER BY lexeme), '') AS stem FROM unnest(to_tsvector('${searchConfig}', $1))`, [searchText(word)]);
  return found.rows[0]?.stem ?? '';
}

/** Each memory's text around what `match` finds (ts_headline), the matches between `**`, `…` where it was cut. */
export async function snippetsOf(pool: pg.Pool, projectId: number, match: MatchQuery, ids: readonly number[]): Promise<Map<number, string>> {
  const text = tsQueryText(match);
  if (ids.length === 0 || text === null) return new Map();
  const found = await pool.query<{ id: number; snippet: string; text: string }>(
    `SELECT m.id, ts_headline('${searchConfig}', m.text, ${query(2)}, $3) AS snippet, m.text
     FROM ${projectMemories} WHERE s.project_id = $1 AND m.id = ANY($4::bigint[])`,
    [projectId, text, headlineOptions, ids],
  );
  return new Map(found.rows.map((row) => [row.id, withEllipses(row.snippet, row.text)]));
}

/** Which of `ids` `match` finds. */
export async function idsMatching(pool: pg.Pool, projectId: number, match: MatchQuery, ids: readonly number[]): Promise<Set<number>> {
  const text = tsQueryText(match);
  if (ids.length === 0 || text === null) return new Set();
  const found = await pool.query<{ id: number }>(
    `SELECT m.id FROM ${projectMemories} WHERE s.project_id = $1 AND m.id = ANY($3::bigint[]) AND m.search @@ ${query(2)}`,
    [projectId, text, ids],
  );
  return new Set(found.rows.map((row) => row.id));
}

/** The words a memory is shown by (heading and text), for checking which query words it has as typed. */
export async function textsOf(pool: pg.Pool, projectId: number, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const found = await pool.query<{ id: number; words: string }>(
    `SELECT m.id, m.heading || ' ' || m.text AS words FROM ${projectMemories} WHERE s.project_id = $1 AND m.id = ANY($2::bigint[])`,
    [projectId, ids],
  );
  return new Map(found.rows.map((row) => [row.id, row.words]));
}

// ts_headline says nothing of what it cut, and leaves out the punctuation at the edges of what it picked: an
// ellipsis where the excerpt does not reach the start or the end of the text, the text's own edges where it does
// (`## Database ... a draft.`, as SQLite's snippet() keeps them).
function withEllipses(snippet: string, text: string): string {
  const words = (value: string) => value.replaceAll('**', '').match(WORD_RUN) ?? [];
  const excerpt = words(snippet);
  const whole = words(text);
  const trimmed = snippet.trim();
  if (excerpt.length === 0) return trimmed;
  const atStart = excerpt.every((word, i) => whole[i] === word);
  const atEnd = excerpt.every((word, i) => whole[whole.length - excerpt.length + i] === word);
  const bare = trimmed.replace(/^\*\*/, '').replace(/\*\*$/, '');
  const head = !atStart ? '…' : STARTS_WITH_WORD.test(bare) ? (/^[^\p{L}\p{N}]*/u.exec(text)?.[0].trimStart() ?? '') : '';
  const tail = !atEnd ? '…' : ENDS_WITH_WORD.test(bare) ? (/[^\p{L}\p{N}]*$/u.exec(text)?.[0].trimEnd() ?? '') : '';
  return `${head}${trimmed}${tail}`;
}

const WORD_RUN = /[\p{L}\p{N}]+/gu;
const STARTS_WITH_WORD = /^[\p{L}\p{N}]/u;
const ENDS_WITH_WORD = /[\p{L}\p{N}]$/u;
