import { readFrontMatter } from './front-matter.js';
import type { FrontMatter, ParsedDoc, ParseMarkdownOptions } from './memory-types.js';
import { parseBlocks } from './parse-blocks.js';
import { splitSection, type Section, type SplitContext } from './split-section.js';
import { titledPath } from './titled-path.js';

export type { MemoryChunk, ParsedDoc, ParseMarkdownOptions } from './memory-types.js';

export const DEFAULT_MAX_WORDS = 1000;

function checkMaxWords(maxWords: number | undefined): number {
  if (maxWords === undefined) return DEFAULT_MAX_WORDS;
  if (typeof maxWords !== 'number' || Number.isNaN(maxWords) || maxWords < 1) {
    throw new RangeError(`parseMarkdown: maxWords must be a number >= 1, got ${String(maxWords)}`);
  }
  return maxWords;
}

/**
 * Turns one markdown document into memories: one per section (a heading and what
 * follows it up to the next heading of any level), long sections split at block
 * boundaries. Pure and synchronous.
 *
 * Choices:
 * - Only top-level headings open sections; a heading inside a list item or a
 *   blockquote is content of the enclosing section.
 * - The heading path is the document title (front matter `title`, else the first
 *   h1) followed by the chain of enclosing heading texts, the title not repeated
 *   when the outermost heading is it (titled-path.ts); text before the first
 *   heading has the path [title], or [] in a doc without a title.
 *   `titleInPath: false` gives the bare chain (what heimdall 0.1 stored).
 * - An empty heading (`#` alone) is kept in the path as ''.
 * - Memory text is the source with line endings normalised to '\n'; a leading BOM
 *   is dropped (parse-blocks.ts).
 */
export function parseMarkdown(text: string, options: ParseMarkdownOptions = {}): ParsedDoc {
  const maxWords = checkMaxWords(options.maxWords);
  const tree = parseBlocks(text);
  const ctx: SplitContext = { source: tree.source, lineStarts: tree.lineStarts, maxWords };
  const front: FrontMatter = tree.frontMatter === null ? { title: null, tags: [], index: true } : readFrontMatter(tree.frontMatter);

  let firstH1: string | null = null;
  const stack = headingStack();
  const sections: Section[] = [];
  let current: Section = { headingPath: [], heading: null, blocks: [] };

  for (const block of tree.blocks) {
    if (block.kind !== 'heading') {
      current.blocks.push(block);
      continue;
    }
    if (block.depth === 1 && firstH1 === null && block.text !== '') firstH1 = block.text;
    const headingPath = stack.enter(block.depth, block.text);
    if (current.heading !== null || current.blocks.length > 0) sections.push(current);
    current = { headingPath, heading: block, blocks: [] };
  }
  if (current.heading !== null || current.blocks.length > 0) sections.push(current);

  const title = front.title ?? firstH1;
  if (options.titleInPath ?? true) for (const section of sections) section.headingPath = titledPath(section.headingPath, title);
  const memories = front.index ? sections.flatMap((section) => splitSection(section, ctx)) : [];
  return { title, tags: front.tags, memories };
}

/** The chain of enclosing headings as a doc is read top to bottom; `enter` returns the path of the heading entered. */
export function headingStack(): { enter(depth: number, text: string): string[] } {
  const stack: { depth: number; text: string }[] = [];
  return {
    enter(depth, text) {
      // A skipped level (h1 then h3) nests under the nearest shallower heading.
      while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop();
      stack.push({ depth, text });
      return stack.map((entry) => entry.text);
    },
  };
}
