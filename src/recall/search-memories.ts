import { termOnly } from '../store/fts-match.js';
import type { MatchQuery } from '../store/match-query.js';
import type { CandidateSet, MemorySearch } from '../store/memory-search.js';
import type { ColumnWeights } from '../store/search-rows.js';
import { fallbackTerms, parseQuery, withStemmedPrefix, type ParsedQuery } from './parse-query.js';
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
// How many of the backend's best the re-ranking sees (25 to 100 made no difference on the benchmark; 25 copies half as many).
const candidates = 25;

/**
 * Recall for people and assistants: the memories with every term; when no memory has them all, those with
 * any of them (and the result says so). Words match their other forms (the
 * stemmer: `migrate` finds "migrations"); excluded terms leave out every memory that has them. The store
 * (`search`: either backend) finds and ranks the candidates its own way (memory-search.ts).
 */
export async function searchMemories(search: MemorySearch, input: string, options: RecallOptions): Promise<RecallResult> {
  const parsed = parseQuery(input);
  const last = parsed.terms[parsed.terms.length - 1];
  const stem = last?.prefix === true ? await search.stemOf(last.words[0]!) : '';
  const query = withStemmedPrefix(parsed, () => stem);
  const words = query.terms.map((term) => term.text);
  const excluded = query.excluded.map((term) => term.text);
  if (query.terms.length === 0 && query.excluded.length > 0) return { kind: 'only-exclusions', excluded };
  const filter = {
    path: options.paths !== undefined && options.paths.length > 0 ? pathFilter(options.paths, options.targetPaths ?? []) : undefined,
    tags: options.tags,
  };
  const weights = options.weights ?? defaultWeights;
  const rerankWeights = options.rerank ?? defaultRerank;
  const run = async (mode: 'all' | 'any') => {
    const match: MatchQuery = { terms: mode === 'any' ? fallbackTerms(query) : query.terms, mode, excluded: query.excluded };
    if (match.terms.length === 0) return { match, rows: [], few: null };
    // The best candidates, re-ordered (rerank.ts), cut to the limit; what is asked of them is asked of them alone
    // (search.among). Nothing to re-order by (one term): only the hits are asked, for their snippets.
    const found = await search.candidates({ match, weights, filter, count: Math.max(options.limit, candidates) });
    const searched: MatchQuery = { ...match, terms: found.terms };
    if (!reorders(query, rerankWeights)) return { match: searched, rows: found.rows.slice(0, options.limit), few: null };
    const few = await search.among(found.rows.map((row) => row.id));
    return { match: searched, rows: (await rerank(few, query, found.rows, rerankWeights)).slice(0, options.limit), few };
  };
  // Every term first; when no memory has them all, any of them. (Filling a short all-terms list up with
  // any-term hits measured +0.002 MRR on the benchmark: not worth a list of two kinds.)
  let found = await run('all');
  let fallback = false;
  if (found.rows.length === 0 && query.terms.length > 1) {
    const any = await run('any');
    fallback = any.rows.length > 0;
    if (fallback) found = any;
  }
  if (found.rows.length === 0) return { kind: 'hits', words, excluded, fallback, hits: [] };
  const ids = found.rows.map((row) => row.id);
  const few = found.few ?? (await search.among(ids));
  // Snippets mark the words searched and their forms, not what a prefix extends to.
  const snippets = await few.snippets({ ...found.match, terms: found.match.terms.map((term) => ({ ...term, prefix: false })) });
  const matched = fallback ? await matchedTerms(few, query, ids) : new Map(ids.map((id) => [id, words]));
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
async function matchedTerms(few: CandidateSet, query: ParsedQuery, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(ids.map((id) => [id, []]));
  for (const term of query.terms) {
    const found = await few.matching(termOnly(term));
    for (const id of found) out.get(id)?.push(term.text);
  }
  return out;
}
