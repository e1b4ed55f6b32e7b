import { identifierParts } from '../identifier-parts.js';
import type { MatchQuery, MatchTerm } from '../match-query.js';

// Letters and digits; everything else separates, as in SQLite's unicode61 tokenizer. PostgreSQL's own parser
// would keep `src/store/store.ts`, `a.b` or `user@host` as one token (a file, a host, an email), which no query
// word finds, and its lower-casing and letter classes depend on the server's locale: so the text is cut into
// words here, the same way for the index and for the query, and PostgreSQL only stems them.
const WORD = /[\p{L}\p{N}]+/gu;
// remove_diacritics: the marks on Latin letters only (café -> cafe); other scripts' marks are parts of their letters.
const LATIN_MARKS = /(?<=\p{Script=Latin})\p{M}+/gu;

/** The words of `text` as the index and the query see them: lower-case, Latin letters without their accents. */
export function searchWords(text: string): string[] {
  return text.normalize('NFD').replace(LATIN_MARKS, '').normalize('NFC').toLowerCase().match(WORD) ?? [];
}

/** `text` as the words to_tsvector reads, one space apart. */
export function searchText(text: string): string {
  return searchWords(text).join(' ');
}

/**
 * The tsquery (to_tsquery syntax, each word stemmed by the server) for a match, or null when nothing is looked
 * for. A term is a phrase of its words (`<->`; `max_file_bytes` is three), the last one a prefix (`:*`), or, for
 * a camelCase word, that word or its parts (`handleError`: "handleerror" or "handle <-> error", as the SQLite
 * store's parts column does). Only letters and digits reach the query text: nothing typed is tsquery syntax.
 */
export function tsQueryText(match: MatchQuery): string | null {
  const positive = match.terms.map(termQuery).filter((text): text is string => text !== null);
  if (positive.length === 0) return null;
  const joined = positive.length === 1 ? positive[0]! : positive.map((text) => `(${text})`).join(match.mode === 'all' ? ' & ' : ' | ');
  const negative = match.excluded.map(termQuery).filter((text): text is string => text !== null);
  if (negative.length === 0) return joined;
  return `(${joined}) & !(${negative.map((text) => `(${text})`).join(' | ')})`;
}

function termQuery(term: MatchTerm): string | null {
  const phrase = phraseQuery(term.words.flatMap(searchWords), term.prefix);
  if (phrase === null) return null;
  const parts = term.words.length === 1 ? identifierParts(term.words[0]!) : null;
  const partsPhrase = parts === null ? null : phraseQuery(parts.flatMap(searchWords), term.prefix);
  return partsPhrase === null ? phrase : `(${phrase}) | (${partsPhrase})`;
}

function phraseQuery(words: string[], prefix: boolean): string | null {
  if (words.length === 0) return null;
  return words.map((word, i) => (prefix && i === words.length - 1 ? `${word}:*` : word)).join(' <-> ');
}
