import type { RecallHit } from '../recall/search-memories.js';

const bold = (text: string) => `\u001b[1m${text}\u001b[22m`;

// The store marks matches as **word**. A doc's own `**` (markdown bold) is left as it is: a marked
// match starts and ends with a non-space, non-`*` character, so `****Note****` is `**` + match + `**`.
const marked = /\*\*([^*\s](?:[^*]*[^*\s])?)\*\*/g;

/** `search` for people: location and heading, then the snippet on one line, matches in bold ANSI or as `**`. */
export function formatSearchHits(hits: RecallHit[], color: boolean): string {
  const out = hits.map((hit) => {
    const snippet = hit.snippet.replace(/\s+/g, ' ');
    return `${hit.path}:${hit.lines[0]}-${hit.lines[1]}  ${hit.heading || '(top)'}\n  ${color ? snippet.replace(marked, (_, word: string) => bold(word)) : snippet}`;
  });
  return `${out.join('\n\n')}\n`;
}
