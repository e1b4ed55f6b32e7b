/**
 * A section's heading path as recall shows it: the document title first, so that a hit says which
 * document it is from (and text before the first heading is "Title", not an empty path). The title
 * is not repeated when the outermost heading already is it (`# Operations` titling the doc).
 */
export function titledPath(headingPath: readonly string[], title: string | null): string[] {
  if (title === null || title === '') return [...headingPath];
  const first = headingPath[0];
  if (first !== undefined && sameHeading(first, title)) return [...headingPath];
  return [title, ...headingPath];
}

/** Heading texts compare case-insensitively, whitespace collapsed: `show ops.md#watchman  Clocks` finds "Watchman clocks". */
export function sameHeading(a: string, b: string): boolean {
  return normalHeading(a) === normalHeading(b);
}

export function normalHeading(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}
