import { readFrontMatter } from './front-matter.js';
import { parseBlocks } from './parse-blocks.js';
import { headingStack } from './parse-markdown.js';
import { titledPath } from './titled-path.js';

export interface OutlineSection {
  /** The heading path as search shows it: the title, then the enclosing headings (titled-path.ts). */
  path: string[];
  depth: number;
  /** 1-based: the heading's first line, and the last line before the next heading of its depth or shallower. */
  startLine: number;
  endLine: number;
}

export interface DocOutline {
  title: string | null;
  /** The file's lines, line endings dropped (a BOM too); lines[0] is line 1. */
  lines: string[];
  /** Every top-level heading, in order: the same sections, with the same paths, as the memories. */
  sections: OutlineSection[];
}

/** The headings of a doc with their lines, for `heimdall show PATH#Heading`. */
export function outlineMarkdown(text: string): DocOutline {
  const tree = parseBlocks(text);
  const lines = tree.source.split(/\r\n?|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const frontTitle = tree.frontMatter === null ? null : readFrontMatter(tree.frontMatter).title;
  let firstH1: string | null = null;
  const stack = headingStack();
  const found: Array<{ chain: string[]; depth: number; startLine: number }> = [];
  for (const block of tree.blocks) {
    if (block.kind !== 'heading') continue;
    if (block.depth === 1 && firstH1 === null && block.text !== '') firstH1 = block.text;
    found.push({ chain: stack.enter(block.depth, block.text), depth: block.depth, startLine: block.startLine });
  }
  const title = frontTitle ?? firstH1;
  const sections = found.map((heading, i) => {
    const next = found.slice(i + 1).find((later) => later.depth <= heading.depth);
    let endLine = next === undefined ? lines.length : next.startLine - 1;
    while (endLine > heading.startLine && (lines[endLine - 1] ?? '').trim() === '') endLine--;
    return { path: titledPath(heading.chain, title), depth: heading.depth, startLine: heading.startLine, endLine };
  });
  return { title, lines, sections };
}
