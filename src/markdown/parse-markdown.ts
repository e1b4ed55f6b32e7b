import type { Heading } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { frontmatter } from 'micromark-extension-frontmatter';
import { readFrontMatter } from './front-matter.js';
import { headingText } from './heading-text.js';
import type { FrontMatter, ParsedDoc, ParseMarkdownOptions } from './memory-types.js';
import { splitSection, type Section, type SplitContext } from './split-section.js';
import { titledPath } from './titled-path.js';

export type { MemoryChunk, ParsedDoc, ParseMarkdownOptions } from './memory-types.js';

export const DEFAULT_MAX_WORDS = 1000;

// Built once: the extensions are plain objects, reusable across thousands of files.
export const parseOptions = {
  extensions: [frontmatter(['yaml'])],
  mdastExtensions: [frontmatterFromMarkdown(['yaml'])],
};

/** Offset of the start of each line; line endings are '\r\n', '\r' or '\n', as in CommonMark. */
function lineStartsOf(source: string): number[] {
  const starts = [0];
  const eol = /\r\n?|\n/g;
  for (let match = eol.exec(source); match !== null; match = eol.exec(source)) {
    starts.push(match.index + match[0].length);
  }
  return starts;
}

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
 *   is dropped (micromark's offsets already skip it, so we parse the BOM-less text).
 */
export function parseMarkdown(text: string, options: ParseMarkdownOptions = {}): ParsedDoc {
  const maxWords = checkMaxWords(options.maxWords);
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const tree = fromMarkdown(source, parseOptions);
  const ctx: SplitContext = { source, lineStarts: lineStartsOf(source), maxWords };

  let front: FrontMatter = { title: null, tags: [], index: true };
  let firstH1: string | null = null;
  const stack = headingStack();
  const sections: Section[] = [];
  let current: Section = { headingPath: [], heading: null, blocks: [] };

  for (const node of tree.children) {
    if (node.type === 'yaml') {
      // micromark only recognises front matter at the very top, so there is at most one.
      front = readFrontMatter(node.value);
      continue;
    }
    if (node.type !== 'heading') {
      current.blocks.push(node);
      continue;
    }
    const heading: Heading = node;
    const textOf = headingText(heading);
    if (heading.depth === 1 && firstH1 === null && textOf !== '') firstH1 = textOf;
    const headingPath = stack.enter(heading.depth, textOf);
    if (current.heading !== null || current.blocks.length > 0) sections.push(current);
    current = { headingPath, heading, blocks: [] };
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
