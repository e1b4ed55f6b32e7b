/**
 * Turns what a person typed into an FTS5 MATCH expression. Each word becomes a quoted
 * term, so punctuation, `-`, `:` or a stray quote can never be a syntax error or an
 * operator; the last word also matches as a prefix ("watch" finds "watchman").
 */
export function toFtsQuery(query: string, mode: 'and' | 'or'): string | null {
  const words = query.normalize('NFC').match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return null;
  const terms = words.map((word, i) => `"${word}"${i === words.length - 1 ? '*' : ''}`);
  return terms.join(mode === 'and' ? ' ' : ' OR ');
}
