import { rankedAtMost, type ColumnWeights, type RankedRow, type RowFilter } from '../store/search-rows.js';
import type { FewMemories } from '../store/few-memories.js';
import type { Store } from '../store/store.js';
import { fallbackTerms, parseQuery, queryMatch, termMatch, withStemmedPrefix, type ParsedQuery } from './parse-query.js';
import { pathFilter } from './path-filter.js';
import { reorders, rerank, type RerankWeights } from './rerank.js';

export interface RecallHit {
  path: string;
  /** The heading path: the doc title, then the enclosing headings, joined with ' > '. */
  heading: string;
  lines: [number, number];
  /** The text around the matches, which are marked `**word**`. */
  snippet: string;
  score: number;
  /** The query's terms (as typed) that this memory has, in query order. */
  matched: string[];
}

export interface RecallOptions {
  limit: number;
  /** Globs on the doc's path (any of them; see path-filter.ts). */
  paths?: readonly string[] | undefined;
  /** The doc carries every one of these tags. */
  tags?: readonly string[] | undefined;
  /** The project's docs folders, for globs written inside one. */
  targetPaths?: readonly string[] | undefined;
  /** bm25() column weights; the defaults are what bench/recall-bench.js chose. */
  weights?: ColumnWeights | undefined;
  rerank?: RerankWeights | undefined;
}

export type RecallResult =
  | {
      kind: 'hits';
      /** The terms searched for, as typed (`"connection pool"` for a phrase). */
      words: string[];
      excluded: string[];
      /** No memory had every term: these hits have any of them. */
      fallback: boolean;
      hits: RecallHit[];
    }
  /** Only `-excluded` words: nothing to look for. */
  | { kind: 'only-exclusions'; excluded: string[] };

// Chosen on bench/recall-bench.js (README, "Recall"): a heading or title hit is worth more than a body one.
export const defaultWeights: ColumnWeights = { text: 1, heading: 4, title: 4, tags: 2, path: 0.5, parts: 0.5 };
export const defaultRerank: RerankWeights = { proximity: 0.5, exact: 0 };
// How many of bm25's best the re-ranking sees (25 to 100 made no difference on the benchmark; 25 copies half as many).
const candidates = 25;

/**
 * Recall for people and assistants: the memories with every term; when no memory has them all, those with
 * any of them (and the result says so). Words match their other forms (the
 * porter stemmer: `migrate` finds "migrations"); excluded terms leave out every memory that has them.
 */
export function searchMemories(store: Store, input: string, options: RecallOptions): RecallResult {
  const query = withStemmedPrefix(parseQuery(input), (word) => store.stemOf(word));
  const words = query.terms.map((term) => term.text);
  const excluded = query.excluded.map((term) => term.text);
  if (query.terms.length === 0 && query.excluded.length > 0) return { kind: 'only-exclusions', excluded };
  const filter = {
    path: options.paths !== undefined && options.paths.length > 0 ? pathFilter(options.paths, options.targetPaths ?? []) : undefined,
    tags: options.tags,
  };
  const weights = options.weights ?? defaultWeights;
  const rerankWeights = options.rerank ?? defaultRerank;
  const run = (mode: 'all' | 'any') => {
    const searched = mode === 'any' ? selective(store, query) : query;
    const match = queryMatch(searched, mode);
    if (match === null) return { match, searched, rows: [], few: null };
    // The best candidates by bm25, re-ordered (rerank.ts), cut to the limit; what is asked of them is asked of a
    // copy of them alone (store.among): of the whole index it would cost more than the search. Nothing to re-order
    // by (one term): only the hits are copied, for their snippets.
    const rows = ranked(store, searched, mode, { weights, filter, count: Math.max(options.limit, candidates) });
    if (!reorders(query, rerankWeights)) return { match, searched, rows: rows.slice(0, options.limit), few: null };
    const few = store.among(rows.map((row) => row.id));
    return { match, searched, rows: rerank(few, query, rows, rerankWeights).slice(0, options.limit), few };
  };
  // Every term first; when no memory has them all, any of them. (Filling a short all-terms list up with
  // any-term hits measured +0.002 MRR on the benchmark: not worth a list of two kinds.)
  let found = run('all');
  let fallback = false;
  if (found.rows.length === 0 && query.terms.length > 1) {
    const any = run('any');
    fallback = any.rows.length > 0;
    if (fallback) found = any;
  }
  if (found.match === null || found.rows.length === 0) return { kind: 'hits', words, excluded, fallback, hits: [] };
  const ids = found.rows.map((row) => row.id);
  const few = found.few ?? store.among(ids);
  // Snippets mark the words searched and their forms, not what a prefix extends to.
  const unprefixed = { ...found.searched, terms: found.searched.terms.map((term) => ({ ...term, prefix: false })) };
  const snippets = few.snippets(queryMatch(unprefixed, fallback ? 'any' : 'all') ?? found.match);
  const matched = fallback ? matchedTerms(few, query, ids) : new Map(ids.map((id) => [id, words]));
  const hits = found.rows.map((row) => ({
    path: row.path,
    heading: row.heading,
    lines: [row.startLine, row.endLine] as [number, number],
    snippet: snippets.get(row.id) ?? '',
    // BM25 is tiny in a small corpus: keep significant digits rather than decimal places.
    score: Number((-row.rank).toPrecision(4)),
    matched: matched.get(row.id) ?? [],
  }));
  return { kind: 'hits', words, excluded, fallback, hits };
}

/**
 * bm25's best `count` for the query's terms. Those in most memories weigh nothing in bm25 and cost the most (it reads
 * each term's rows): they are not ranked by, only required (all words) or dropped (any word; a memory that has only
 * those would have a score of ~0). A query of nothing but such words gets its first matches, unranked.
 */
function ranked(store: Store, query: ParsedQuery, mode: 'all' | 'any', how: { weights: ColumnWeights; filter: RowFilter; count: number }): RankedRow[] {
  const terms = mode === 'any' ? fallbackTerms(query) : query.terms;
  // A phrase is rarely in most memories, and sampling one reads the lists of all its words.
  const common = terms.filter((term) => term.words.length === 1 && store.mostlyMatching(termMatch(term)));
  const rest = terms.filter((term) => !common.includes(term));
  const match = queryMatch(query, mode)!;
  if (rest.length === 0) return store.firstMatches(match, how.filter, how.count);
  if (common.length === 0) return store.rank(match, how.weights, how.filter, how.count);
  const also = mode === 'all' ? queryMatch({ terms: common, excluded: [] }, 'all') : null;
  return store.rank(queryMatch({ ...query, terms: rest }, mode)!, how.weights, how.filter, how.count, also);
}

/**
 * In the any-word fallback, the query without its broadest terms: while the terms' matches add up to more than bm25
 * ranks (rankedAtMost), the one with the most goes (never the last). A word in most memories brings in most of the
 * store for almost no score (bm25's idf), and would push the memories with the rarer words out of the ranked ones.
 */
function selective(store: Store, query: ParsedQuery): ParsedQuery {
  const counted = fallbackTerms(query).map((term) => ({ term, matches: store.countMatches(termMatch(term), rankedAtMost + 1) }));
  let total = counted.reduce((sum, entry) => sum + entry.matches, 0);
  const kept = [...counted].sort((a, b) => a.matches - b.matches);
  while (kept.length > 1 && total > rankedAtMost) total -= kept.pop()!.matches;
  const keep = new Set(kept.map((entry) => entry.term));
  return { ...query, terms: query.terms.filter((term) => keep.has(term)) };
}

// In the any-word fallback, which terms each hit has (otherwise it has them all).
function matchedTerms(few: FewMemories, query: ParsedQuery, ids: number[]): Map<number, string[]> {
  const out = new Map<number, string[]>(ids.map((id) => [id, []]));
  for (const term of query.terms) {
    const found = few.matching(termMatch(term));
    for (const id of found) out.get(id)?.push(term.text);
  }
  return out;
}

