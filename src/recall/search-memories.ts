import type { ColumnWeights } from '../store/search-rows.js';
import type { Store } from '../store/store.js';
import { parseQuery, queryMatch, termMatch, type ParsedQuery } from './parse-query.js';
import { pathFilter } from './path-filter.js';
import { rerank, type RerankWeights } from './rerank.js';

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
// How many of bm25's best the re-ranking sees (25 to 100 made no difference on the benchmark).
const candidates = 50;

/**
 * Recall for people and assistants: the memories with every term; when no memory has them all, those with
 * any of them (and the result says so). Words match their other forms (the
 * porter stemmer: `migrate` finds "migrations"); excluded terms leave out every memory that has them.
 */
export function searchMemories(store: Store, input: string, options: RecallOptions): RecallResult {
  const query = parseQuery(input);
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
    const match = queryMatch(query, mode);
    if (match === null) return { match, rows: [] };
    // The best candidates by bm25, re-ordered (rerank.ts), cut to the limit.
    const rows = store.rank(match, weights, filter, Math.max(options.limit, candidates));
    return { match, rows: rerank(store, query, rows, rerankWeights).slice(0, options.limit) };
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
  // Snippets mark the words and their forms, not what a prefix extends to: FTS5 expands a prefix term over the
  // vocabulary again for snippet(), which costs more than the whole search for a short common one (`has*`).
  const unprefixed = { ...query, terms: query.terms.map((term) => ({ ...term, prefix: false })) };
  const snippets = store.snippets(queryMatch(unprefixed, fallback ? 'any' : 'all') ?? found.match, ids);
  const matched = fallback ? matchedTerms(store, query, ids) : new Map(ids.map((id) => [id, words]));
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

// In the any-word fallback, which terms each hit has (otherwise it has them all).
function matchedTerms(store: Store, query: ParsedQuery, ids: number[]): Map<number, string[]> {
  const out = new Map<number, string[]>(ids.map((id) => [id, []]));
  for (const term of query.terms) {
    const found = store.matching(termMatch(term), ids);
    for (const id of found) out.get(id)?.push(term.text);
  }
  return out;
}

