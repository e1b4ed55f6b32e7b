import { createRequire } from 'node:module';
import type { Node, Parser as CommonmarkParser } from 'commonmark';
import { findFrontMatter } from './front-matter.js';
import { headingText } from './heading-text.js';

// Required, not imported (a bundled `load` of unchanged files never loads it): see store/postgres/postgres-pool.ts.
const { Parser } = createRequire(import.meta.url)('commonmark') as { Parser: typeof CommonmarkParser };

/** Where a block is: its first and last lines (1-based, inclusive) and the offset where its last line's content ends. */
export interface Span {
  startLine: number;
  endLine: number;
  end: number;
}

/** A block of the doc: a top-level heading, a container (list, list item, quote) of blocks, or a leaf (never cut). */
export type Block = (Span & { kind: 'heading'; depth: number; text: string }) | (Span & { kind: 'container'; children: Block[] }) | (Span & { kind: 'leaf' });

export interface BlockTree {
  /** The text without its BOM: every offset is into it. */
  source: string;
  /** The offset where each line starts; line endings are '\r\n', '\r' or '\n', as in CommonMark. */
  lineStarts: number[];
  /** The YAML inside the front matter, or null when the doc has none. */
  frontMatter: string | null;
  /** The top-level blocks in order; only these are headings (one in a list or quote is a leaf of it). */
  blocks: Block[];
}

// commonmark.js, the reference implementation: 20-70× faster than micromark + mdast (the README corpus, and
// bench/reference-pages.js), and its nodes carry their lines. One parser for every doc: it resets itself in parse().
const parser = new Parser();
const CONTAINERS = new Set(['list', 'item', 'block_quote']);
// A link reference definition starts a line with `[` (at most three spaces in); its title may be on the next line.
const DEFINITION_START = /^ {0,3}\[/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The blocks of a markdown doc with their lines, front matter apart. Pure and synchronous. */
export function parseBlocks(text: string): BlockTree {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineStarts = lineStartsOf(source);
  const front = findFrontMatter(source, lineStarts);
  const frontLines = front?.lines ?? 0;
  // The front matter's lines stay, blank, so that the parser's line numbers are the file's.
  const input = frontLines === 0 ? source : '\n'.repeat(frontLines) + source.slice(lineStarts[frontLines] ?? source.length);
  const lines = new Lines(source, lineStarts, frontLines);
  const blocks: Block[] = [];
  let nextLine = 1;
  for (let node = parser.parse(input).firstChild; node !== null; node = node.next) {
    const block = toBlock(node, lines, true);
    // commonmark.js drops link reference definitions from its tree; micromark (and the memories before it) kept each
    // as a block: the non-blank lines between two blocks are those.
    blocks.push(...lines.definitions(nextLine, block.startLine - 1), block);
    nextLine = block.endLine + 1;
    // An unclosed fence runs to the end of the doc, its trailing blank lines too.
    if (node.next === null && unclosedFence(node, lines)) Object.assign(block, { endLine: lineStarts.length, end: source.length });
  }
  blocks.push(...lines.definitions(nextLine, lineStarts.length));
  return { source, lineStarts, frontMatter: front?.value ?? null, blocks };
}

function toBlock(node: Node, lines: Lines, topLevel: boolean): Block {
  const [[startLine], [lastLine]] = node.sourcepos;
  const endLine = lines.lastFilled(startLine, lastLine);
  const end = lines.endOf(endLine);
  if (topLevel && node.type === 'heading') return { startLine, endLine, end, kind: 'heading', depth: node.level, text: headingText(node) };
  if (!CONTAINERS.has(node.type)) return { startLine, endLine, end, kind: 'leaf' };
  const children: Block[] = [];
  for (let child = node.firstChild; child !== null; child = child.next) children.push(toBlock(child, lines, false));
  return { startLine, endLine, end, kind: 'container', children };
}

function unclosedFence(node: Node, lines: Lines): boolean {
  if (node.type !== 'code_block') return false;
  const [[startLine], [lastLine]] = node.sourcepos;
  const open = FENCE.exec(lines.text(startLine));
  if (open === null) return false;
  const close = lastLine > startLine ? /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lines.text(lastLine)) : null;
  return close === null || close[1]![0] !== open[1]![0] || close[1]!.length < open[1]!.length;
}

class Lines {
  constructor(
    readonly source: string,
    readonly starts: number[],
    readonly frontLines: number,
  ) {}

  /** Line `n` (1-based) without its line ending. */
  text(n: number): string {
    return this.source.slice(this.starts[n - 1] ?? this.source.length, this.endOf(n));
  }

  /** Only spaces and tabs (a CommonMark blank line), or a line of the front matter. */
  blank(n: number): boolean {
    if (n <= this.frontLines) return true;
    const end = this.endOf(n);
    for (let i = this.starts[n - 1] ?? end; i < end; i++) {
      const code = this.source.charCodeAt(i);
      if (code !== 32 && code !== 9) return false;
    }
    return true;
  }

  /** Where line `n`'s content ends, before its line ending. */
  endOf(n: number): number {
    const next = this.starts[n];
    if (next === undefined) return this.source.length;
    return this.source.charCodeAt(next - 2) === 13 && this.source.charCodeAt(next - 1) === 10 ? next - 2 : next - 1;
  }

  /** A block's last line: its trailing blank lines are not its own (the parser counts those a container swallowed). */
  lastFilled(startLine: number, lastLine: number): number {
    let endLine = Math.min(lastLine, this.starts.length);
    while (endLine > startLine && this.blank(endLine)) endLine--;
    return endLine;
  }

  /** The definitions in lines `from`..`to`: a leaf per run of non-blank lines, cut where a line starts another. */
  definitions(from: number, to: number): Block[] {
    const out: Block[] = [];
    let start = 0;
    for (let n = from; n <= to + 1; n++) {
      const ends = n > to || this.blank(n) || (start > 0 && DEFINITION_START.test(this.text(n)));
      if (ends && start > 0) out.push({ startLine: start, endLine: n - 1, end: this.endOf(n - 1), kind: 'leaf' });
      if (ends) start = 0;
      if (n <= to && !this.blank(n) && start === 0) start = n;
    }
    return out;
  }
}

function lineStartsOf(source: string): number[] {
  const starts = [0];
  const eol = /\r\n?|\n/g;
  for (let match = eol.exec(source); match !== null; match = eol.exec(source)) starts.push(match.index + match[0].length);
  return starts;
}
