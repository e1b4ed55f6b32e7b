// camelCase and PascalCase identifiers are one token to FTS5's unicode61 tokenizer (`handleError` is
// "handleerror"), so the words inside them are indexed apart as well, in a column of their own.
// snake_case and kebab-case need nothing: `_` and `-` already separate tokens.

const IDENTIFIER = /[\p{L}\p{N}]+/gu;
// A lower-case letter or digit then an upper-case one (handle|Error), or an upper-case run then an
// upper-case letter starting a lower-case word (XML|Parser).
const BOUNDARY = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;

/** The parts of a camelCase word (`handleError` -> [handle, Error]), or null when it has no inner capital. */
export function identifierParts(word: string): string[] | null {
  const parts = word.split(BOUNDARY);
  return parts.length > 1 ? parts : null;
}

// What BOUNDARY needs somewhere in a text: most memories have no such word, and are not read word by word.
const ANY_BOUNDARY = /[\p{Ll}\p{N}]\p{Lu}|\p{Lu}\p{Lu}\p{Ll}/u;

/** The parts of every camelCase word in `text`, each identifier once, its parts kept together (a phrase matches them). */
export function identifierPartsText(...texts: string[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const text of texts) {
    if (!ANY_BOUNDARY.test(text)) continue;
    for (const [word] of text.matchAll(IDENTIFIER)) {
      if (seen.has(word)) continue;
      seen.add(word);
      const parts = identifierParts(word);
      if (parts !== null) out.push(parts.join(' '));
    }
  }
  return out.join(' ');
}
