import type { MatchQuery, MatchTerm } from './match-query.js';
import type { ColumnWeights, RankedRow, RowFilter } from './search-rows.js';

/** What recall asks for: the best `count` live memories for `match`, ranked by the backend's own measure. */
export interface CandidateRequest {
  /** In `any` mode its terms are those recall lets take part (no function words); the backend may leave out more. */
  match: MatchQuery;
  weights: ColumnWeights;
  filter: RowFilter;
  count: number;
}

export interface Candidates {
  /** Best first; `rank` is lower-is-better (bm25's sign). */
  rows: RankedRow[];
  /** The terms the rows were found by: the request's, or fewer (SQLite's any-word search drops the broadest). */
  terms: readonly MatchTerm[];
}

/** What recall asks of its best candidates (a handful of memories), after the ranking. */
export interface CandidateSet {
  /** Which of them `match` finds. */
  matching(match: MatchQuery): Promise<Set<number>>;
  /** Their body text around what `match` finds, the matches between `**`. */
  snippets(match: MatchQuery): Promise<Map<number, string>>;
  /** The words each is shown by: its heading and its text. */
  texts(): Promise<Map<number, string>>;
}

/**
 * A store's search, as src/recall/search-memories.ts uses it: each backend finds and ranks candidates its own way
 * (SQLite: bm25 bounded to its first matches, sample-based handling of common words, the candidates copied into a
 * small FTS5 table; PostgreSQL: ts_rank_cd over a tsvector, the candidates asked of by id). Parsing what was typed,
 * the all-words then any-word order, the re-ranking and the hits' shape are recall's.
 */
export interface MemorySearch {
  /** What the index keeps of `word` (its stem): recall makes a prefix whose stem is under three letters a word. */
  stemOf(word: string): Promise<string>;
  candidates(request: CandidateRequest): Promise<Candidates>;
  /** The memories `ids`, for what recall asks of them. Valid until the next call of among() on this search. */
  among(ids: readonly number[]): Promise<CandidateSet>;
}
