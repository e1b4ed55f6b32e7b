import { ftsMatch, ftsTerm, minPrefixLetters } from '../store/fts-match.js';

/** One thing to look for: a word (`migrate`), a word's parts (`a:b`, `max_file_bytes`) or a quoted phrase. */
export interface QueryTerm {
  /** As typed, for people: `migrate`, `"connection pool"`. */
  text: string;
  /** Its words, in order; more than one is a phrase. */
  words: string[];
  /** The last word of the query, three letters or more and not quoted: `watch` also finds "watchman". */
  prefix: boolean;
}

export interface ParsedQuery {
  terms: QueryTerm[];
  /** `-draft`, `-"old design"`: no hit contains these. */
  excluded: QueryTerm[];
}

// Letters, digits and `_`, the rest separates (FTS5 reads `max_file_bytes` as the phrase "max file bytes").
const WORD = /[\p{L}\p{N}_]+/gu;
// A quoted phrase (an unclosed quote runs to the end), or a run of non-space; either may start with `-`.
const TOKEN = /(-?)(?:"([^"]*)"?|([^\s"]+))/gu;
const MIN_PREFIX = minPrefixLetters;
const STOPWORDS = new Set(
  'a an and are as at be but by do does for from had has have how i if in into is it its of on or so than that the their then there these this to was were what when where which who why will with'.split(' '),
);

function isStopword(term: QueryTerm): boolean {
  return term.words.length === 1 && STOPWORDS.has(term.words[0]!.toLowerCase());
}

/**
 * Reads what a person typed: words, "quoted phrases", `-excluded` words or phrases. Nothing typed can be
 * FTS5 syntax: operators, stray quotes and punctuation are words or separators. A `-` only excludes at the
 * start of a word; inside one (`non-blocking`) it joins the word's parts into a phrase.
 */
export function parseQuery(input: string): ParsedQuery {
  const terms: QueryTerm[] = [];
  const excluded: QueryTerm[] = [];
  let lastBare: QueryTerm | null = null;
  for (const match of input.normalize('NFC').matchAll(TOKEN)) {
    const [, dash, quoted, bare] = match;
    const words = (quoted ?? bare ?? '').match(WORD) ?? [];
    if (words.length === 0) continue;
    const term: QueryTerm = { text: quoted !== undefined ? `"${words.join(' ')}"` : words.join(' '), words, prefix: false };
    // `chown -R`, `rm -rf`: a short dashed word is a command-line flag, which docs and questions quote; excluding
    // it would drop every memory that has the letter. Exclusions are words of MIN_PREFIX letters or more.
    if (dash === '-' && [...words.join('')].length >= MIN_PREFIX) {
      excluded.push(term);
      lastBare = null;
    } else {
      terms.push(term);
      lastBare = quoted === undefined && words.length === 1 ? term : null;
    }
  }
  const last = terms[terms.length - 1];
  if (last !== undefined && last === lastBare && [...(last.words[0] ?? '')].length >= MIN_PREFIX) last.prefix = true;
  return { terms, excluded };
}

/**
 * The query with its prefix term made a word when the index's stemmer keeps less than MIN_PREFIX letters of it: FTS5
 * stems a prefix too (`used` -> `us`, `ops` -> `op`), and a two-letter prefix is most of the vocabulary, slow and
 * rarely what was meant. `stem` gives the index's form of a word.
 */
export function withStemmedPrefix(query: ParsedQuery, stem: (word: string) => string): ParsedQuery {
  const last = query.terms[query.terms.length - 1];
  if (last === undefined || !last.prefix || [...stem(last.words[0]!)].length >= MIN_PREFIX) return query;
  return { ...query, terms: [...query.terms.slice(0, -1), { ...last, prefix: false }] };
}

/** FTS5 syntax for one term (store/fts-match.ts). */
export const termMatch = (term: QueryTerm): string => ftsTerm(term);

/**
 * The terms the any-word fallback looks for. A function word would bring in most memories for almost no score:
 * it is left out when the query has other words. (Every word counts in `all`.)
 */
export function fallbackTerms(query: ParsedQuery): QueryTerm[] {
  const content = query.terms.filter((term) => !isStopword(term));
  return content.length > 0 ? content : query.terms;
}

/** The MATCH expression: every term (`all`) or any of them, none of the excluded; null when nothing is searched for. */
export function queryMatch(query: ParsedQuery, mode: 'all' | 'any'): string | null {
  if (query.terms.length === 0) return null;
  return ftsMatch({ terms: mode === 'any' ? fallbackTerms(query) : query.terms, mode, excluded: query.excluded });
}
