import { countWords } from './count-words.js';
import type { MemoryChunk } from './memory-types.js';
import type { Block, Span } from './parse-blocks.js';

/** A heading's scope: the heading (null for the preamble) and the top-level blocks up to the next heading. */
export interface Section {
  headingPath: string[];
  heading: Span | null;
  blocks: Block[];
}

/** What a section splits against: the BOM-less source and the offset where each line starts. */
export interface SplitContext {
  source: string;
  lineStarts: number[];
  maxWords: number;
}

/** An unsplittable run of source: [start, end) offsets, its lines and its word count. */
interface Unit {
  start: number;
  end: number;
  startLine: number;
  endLine: number;
  words: number;
}

// Bounds the re-counting of words on the way down, which would otherwise be quadratic
// on pathologically nested lists or quotes.
const MAX_DESCENT = 8;

function makeUnit(span: Span, ctx: SplitContext): Unit {
  // From the start of the line, not of the block: a list item's or quote's child keeps
  // the '- ' or '> ' that precedes it on its first line.
  const start = ctx.lineStarts[span.startLine - 1] ?? 0;
  return { start, end: span.end, startLine: span.startLine, endLine: span.endLine, words: countWords(ctx.source.slice(start, span.end)) };
}

// A container's (list, list item, quote) children are themselves block boundaries. Leaves (paragraph, code,
// html) are never cut, so a code fence always stays whole.
function blockUnits(block: Block, ctx: SplitContext, depth: number, out: Unit[]): void {
  const unit = makeUnit(block, ctx);
  if (block.kind === 'container' && block.children.length > 0 && unit.words > ctx.maxWords && depth < MAX_DESCENT) {
    for (const child of block.children) blockUnits(child, ctx, depth + 1, out);
    return;
  }
  out.push(unit);
}

function merge(a: Unit, b: Unit): Unit {
  return { start: a.start, end: b.end, startLine: a.startLine, endLine: b.endLine, words: a.words + b.words };
}

function toChunk(units: Unit[], section: Section, ctx: SplitContext): MemoryChunk | null {
  const first = units[0];
  const last = units[units.length - 1];
  if (first === undefined || last === undefined) return null;
  const text = ctx.source.slice(first.start, last.end).replace(/\r\n?/g, '\n').trim();
  if (text === '') return null;
  return {
    heading: section.headingPath.join(' > '),
    headingPath: [...section.headingPath],
    startLine: first.startLine,
    endLine: last.endLine,
    text,
    // The units' counts: they are disjoint slices of it, apart only by line breaks and blank lines.
    words: units.reduce((sum, unit) => sum + unit.words, 0),
  };
}

/**
 * Cuts a section into memories of at most about `maxWords` words, at block
 * boundaries, packing consecutive blocks greedily. A block bigger than the limit
 * (a long code fence, a long paragraph) becomes a chunk of its own, whole. The
 * heading is glued to the first block after it, so no chunk is a bare heading
 * unless the section has nothing else.
 */
export function splitSection(section: Section, ctx: SplitContext): MemoryChunk[] {
  const units: Unit[] = [];
  for (const block of section.blocks) blockUnits(block, ctx, 0, units);
  if (section.heading !== null) {
    const head = makeUnit(section.heading, ctx);
    const next = units[0];
    if (next === undefined) units.push(head);
    else units[0] = merge(head, next);
  }

  const chunks: MemoryChunk[] = [];
  let current: Unit[] = [];
  let currentWords = 0;
  const flush = (): void => {
    const chunk = toChunk(current, section, ctx);
    if (chunk !== null) chunks.push(chunk);
    current = [];
    currentWords = 0;
  };
  for (const unit of units) {
    if (current.length > 0 && currentWords + unit.words > ctx.maxWords) flush();
    current.push(unit);
    currentWords += unit.words;
  }
  flush();
  return chunks;
}
