import { FewMemories, type IndexedRow } from './few-memories.js';
import { ftsMatch, ftsTerm } from './fts-match.js';
import type { MatchQuery, MatchTerm } from './match-query.js';
import type { CandidateRequest, CandidateSet, Candidates, MemorySearch } from './memory-search.js';
import { ftsColumns } from './migration-2.js';
import { countMatches, firstRows, mostlyMatching, rankRows, rankWindow, type ColumnWeights, type RankedRow, type RowFilter, type SqlSource } from './search-rows.js';

/** What SqliteSearch needs of the Store: its connection, its error mapping, its index's tokenizer. */
export interface SqliteSearchSource extends SqlSource {
  read<T>(work: () => T): T;
  tokenizer(): string;
}

/**
 * The SQLite store's search (MemorySearch), bounded so that a common word in a big store costs little: bm25 ranks
 * the first rankedAtMost matches only (search-rows.ts), a term in most memories is required rather than ranked by,
 * the any-word search leaves out its broadest terms, and what is asked of the best candidates is asked of a copy of
 * them alone (few-memories.ts).
 */
export class SqliteSearch implements MemorySearch {
  readonly #sql: SqliteSearchSource;
  #few: FewMemories | null = null;
  #loaded: readonly IndexedRow[] | null = null;

  constructor(sql: SqliteSearchSource) {
    this.#sql = sql;
  }

  close(): void {
    this.#few?.close();
    this.#few = null;
  }

  async stemOf(word: string): Promise<string> {
    return this.#sql.read(() => this.#fewMemories().stem(word));
  }

  async candidates(request: CandidateRequest): Promise<Candidates> {
    return this.#sql.read(() => {
      const match = request.match.mode === 'any' ? this.#selective(request.match) : request.match;
      return { rows: this.#ranked(match, request.weights, request.filter, request.count), terms: match.terms };
    });
  }

  async among(ids: readonly number[]): Promise<CandidateSet> {
    const rows = this.#sql.read(() => this.#rowsOf(ids));
    // One FewMemories per connection: another search (the MCP server answers several at once) may load its own
    // candidates between two questions of this one, which then loads its rows again.
    const loaded = (): FewMemories => {
      const few = this.#fewMemories();
      if (this.#loaded !== rows) few.load(rows), (this.#loaded = rows);
      return few;
    };
    loaded();
    const fts = (match: MatchQuery) => ftsMatch(match) ?? '""';
    return {
      matching: async (match) => this.#sql.read(() => loaded().matching(fts(match))),
      snippets: async (match) => this.#sql.read(() => loaded().snippets(fts(match))),
      texts: async () => loaded().texts(),
    };
  }

  #rowsOf(ids: readonly number[]): IndexedRow[] {
    if (ids.length === 0) return [];
    return this.#sql.statement(`SELECT id, ${ftsColumns.join(', ')} FROM memories WHERE id IN (${ids.map(() => 'CAST(? AS INTEGER)').join(', ')})`).all(...ids) as IndexedRow[];
  }

  /** The best `limit` live memories for an FTS5 MATCH expression (search-rows.ts). */
  rank(match: string, weights: ColumnWeights, filter: RowFilter, limit: number, also: string | null = null): RankedRow[] {
    return this.#sql.read(() => rankRows(this.#sql, match, weights, filter, limit, also));
  }

  /**
   * bm25's best `count` for the match's terms. Those in most memories weigh nothing in bm25 and cost the most (it reads
   * each term's rows): they are not ranked by, only required (all words) or dropped (any word; a memory that has only
   * those would have a score of ~0). A query of nothing but such words gets its first matches, unranked.
   */
  #ranked(match: MatchQuery, weights: ColumnWeights, filter: RowFilter, count: number): RankedRow[] {
    const { terms, mode } = match;
    // A phrase is rarely in most memories, and sampling one reads the lists of all its words.
    const common = terms.filter((term) => term.words.length === 1 && mostlyMatching(this.#sql, ftsTerm(term)));
    const rest = terms.filter((term) => !common.includes(term));
    const fts = ftsMatch(match)!;
    if (rest.length === 0) return firstRows(this.#sql, fts, filter, count);
    if (common.length === 0) return rankRows(this.#sql, fts, weights, filter, count);
    const also = mode === 'all' ? ftsMatch({ terms: common, mode: 'all', excluded: [] }) : null;
    return rankRows(this.#sql, ftsMatch({ ...match, terms: rest })!, weights, filter, count, also);
  }

  /**
   * The any-word match without its broadest terms: while the terms' matches add up to more than bm25 ranks
   * (rankedAtMost), the one with the most goes (never the last). A word in most memories brings in most of the store
   * for almost no score (bm25's idf), and would push the memories with the rarer words out of the ranked ones.
   */
  #selective(match: MatchQuery): MatchQuery {
    // Against the window ranked, which counts the kept versions' memories as these counts do (search-rows.ts).
    const window = rankWindow(this.#sql);
    const counted = match.terms.map((term) => ({ term, matches: countMatches(this.#sql, ftsTerm(term), window + 1) }));
    let total = counted.reduce((sum, entry) => sum + entry.matches, 0);
    const kept = [...counted].sort((a, b) => a.matches - b.matches);
    while (kept.length > 1 && total > window) total -= kept.pop()!.matches;
    const keep = new Set<MatchTerm>(kept.map((entry) => entry.term));
    return { ...match, terms: match.terms.filter((term) => keep.has(term)) };
  }

  #fewMemories(): FewMemories {
    return (this.#few ??= new FewMemories(this.#sql.tokenizer()));
  }
}
