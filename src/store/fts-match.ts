import { identifierParts } from './identifier-parts.js';
import type { MatchQuery, MatchTerm } from './match-query.js';

/** The fewest letters a prefix keeps (recall/parse-query.ts makes a shorter last word a word). */
export const minPrefixLetters = 3;

/** FTS5 syntax for one term: a quoted string (FTS5 tokenizes it: stems, splits `_`), or its identifier parts too. */
export function ftsTerm(term: MatchTerm): string {
  const star = term.prefix ? '*' : '';
  const phrase = `"${term.words.join(' ')}"${star}`;
  const parts = term.words.length === 1 ? identifierParts(term.words[0]!) : null;
  // As a prefix the parts end in a prefix too, one too short to be one (`getP` -> "get P"*: every word in p).
  if (parts === null || (term.prefix && [...parts[parts.length - 1]!].length < minPrefixLetters)) return phrase;
  return `(${phrase} OR "${parts.join(' ')}"${star})`;
}

/** The FTS5 MATCH expression of a match: its terms (all or any), none of the excluded; null when it has no term. */
export function ftsMatch(match: MatchQuery): string | null {
  if (match.terms.length === 0) return null;
  const positive = match.terms.map(ftsTerm).join(match.mode === 'all' ? ' AND ' : ' OR ');
  if (match.excluded.length === 0) return positive;
  return `(${positive}) NOT (${match.excluded.map(ftsTerm).join(' OR ')})`;
}

/** A match of one term alone. */
export const termOnly = (term: MatchTerm): MatchQuery => ({ terms: [term], mode: 'all', excluded: [] });
