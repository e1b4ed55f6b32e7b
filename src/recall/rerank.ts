import { termOnly } from '../store/fts-match.js';
import type { CandidateSet } from '../store/memory-search.js';
import type { RankedRow } from '../store/search-rows.js';
import type { ParsedQuery, QueryTerm } from './parse-query.js';

export interface RerankWeights {
  /** A memory that has consecutive query terms side by side (`plain object`) ranks up to (1 + this)× higher. */
  proximity: number;
  /** A memory that has the query's words as typed, not only another form of them, ranks up to (1 + this)× higher. */
  exact: number;
}

/** Whether rerank can change anything: a proximity needs two terms, favouring the typed forms one. */
export function reorders(query: ParsedQuery, weights: RerankWeights): boolean {
  return (weights.proximity > 0 && query.terms.length > 1) || weights.exact > 0;
}

/**
 * Re-orders bm25's best candidates by what bm25 does not see: the query's words next to each other in the
 * memory, and (optionally) in the form typed. Both are ratios (pairs found / pairs, terms found as typed /
 * terms) that scale the bm25 score; bench/recall-bench.js chose the weights.
 */
export async function rerank(few: CandidateSet, query: ParsedQuery, rows: RankedRow[], weights: RerankWeights): Promise<RankedRow[]> {
  const terms = query.terms;
  const adjacent = new Map<number, number>();
  const pairs = terms.length - 1;
  if (weights.proximity > 0 && pairs > 0) {
    for (let i = 0; i < pairs; i++) {
      // A phrase is stemmed and split like the index: "plain objects" finds "plain object".
      const phrase = { words: [...terms[i]!.words, ...terms[i + 1]!.words], prefix: false };
      for (const id of await few.matching(termOnly(phrase))) adjacent.set(id, (adjacent.get(id) ?? 0) + 1);
    }
  }
  const texts = weights.exact > 0 ? await few.texts() : new Map<number, string>();
  const typed = weights.exact > 0 ? query.terms.map(typedPattern) : [];
  const scored = rows.map((row) => {
    const near = pairs > 0 ? (adjacent.get(row.id) ?? 0) / pairs : 0;
    const text = texts.get(row.id) ?? '';
    const exact = typed.length > 0 ? typed.filter((pattern) => pattern.test(text)).length / typed.length : 0;
    return { ...row, rank: row.rank * (1 + weights.proximity * near) * (1 + weights.exact * exact) };
  });
  // bm25 ranks are negative: lower is better.
  return scored.sort((a, b) => a.rank - b.rank);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function typedPattern(term: QueryTerm): RegExp {
  const end = term.prefix ? '' : '(?![\\p{L}\\p{N}])';
  return new RegExp(`(?<![\\p{L}\\p{N}])${term.words.map(escape).join('[^\\p{L}\\p{N}]+')}${end}`, 'iu');
}
