import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HeimdallConfig } from '../config/config-types.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { readDoc } from '../load/read-doc.js';
import { parseMarkdown, type MemoryChunk } from '../markdown/parse-markdown.js';
import { sameHeading } from '../markdown/titled-path.js';
import { createDocsMatcher } from '../paths/docs-matcher.js';
import { resolveProjectPath } from '../paths/project-path.js';

export interface DocPartRequest {
  /** Project-relative (as search hits give it), absolute inside the project, or relative to a docs folder. */
  path: string;
  /** `Section`, or a tail of its heading path: `Operations > Watchman clocks`. */
  heading?: string | undefined;
  startLine?: number | undefined;
  endLine?: number | undefined;
}

export interface DocPart {
  path: string;
  title: string | null;
  tags: string[];
  /** The heading path of the part (of its first line, for a range), joined with ' > '. */
  heading: string;
  headingPath: string[];
  /** 1-based, inclusive, in the file. */
  lines: [number, number];
  totalLines: number;
  text: string;
}

const bad = (message: string) => new HeimdallError('usage', message);

/**
 * `get`: a doc, one of its sections (with its sub-sections) or a line range, read from the disk (the truth),
 * parsed as `load` parses it so that heading paths are the ones search hits show. Only a docs file of the
 * project is read: a path outside it, a symlink pointing out, a file the config does not call a doc are errors.
 * An adapter until the recall module's `show` lands (src/recall/), whose wording it follows.
 */
export function readDocPart(config: HeimdallConfig, request: DocPartRequest): DocPart {
  const { heading, startLine, endLine } = request;
  if (heading !== undefined && (startLine !== undefined || endLine !== undefined)) throw bad(messages.mcp.headingAndLines);
  if (endLine !== undefined && startLine === undefined) throw bad(messages.mcp.endWithoutStart);
  const { rel, abs } = resolveDoc(config, request.path);
  const read = readDoc(config.root, abs, config.load.maxFileBytes);
  if (read.kind === 'missing') throw bad(messages.mcp.noSuchDoc(rel));
  if (read.kind === 'directory') throw bad(messages.mcp.notADoc(rel));
  if (read.kind === 'error') throw bad(messages.mcp.unreadableDoc(rel, read.error.message));
  const source = read.text.charCodeAt(0) === 0xfeff ? read.text.slice(1) : read.text;
  const lines = source === '' ? [] : source.split(/\r\n?|\n/);
  if (lines.at(-1) === '') lines.pop();
  const total = lines.length;
  const doc = parseMarkdown(read.text);
  const titlePath = doc.title === null ? [] : [doc.title];

  let range: [number, number] = total === 0 ? [0, 0] : [1, total];
  let headingPath = titlePath;
  if (heading !== undefined) {
    const section = findSection(doc.memories, heading);
    if (section === null) throw bad(messages.mcp.noSuchHeading(heading, rel, headingsOf(doc.memories)));
    ({ range, headingPath } = section);
  } else if (startLine !== undefined) {
    const end = endLine ?? total;
    if (startLine < 1 || startLine > total || end > total || end < startLine) throw bad(messages.mcp.noSuchLines(startLine, end, rel, total));
    range = [startLine, end];
    headingPath = doc.memories.filter((memory) => memory.startLine <= startLine).at(-1)?.headingPath ?? titlePath;
  }
  return {
    path: rel,
    title: doc.title,
    tags: doc.tags,
    heading: headingPath.join(' > '),
    headingPath,
    lines: range,
    totalLines: total,
    text: lines.slice(range[0] - 1, range[1]).join('\n'),
  };
}

/** The project-relative path of a docs file named by `input`, or a tool error saying why it is none. */
export function resolveDoc(config: HeimdallConfig, input: string): { rel: string; abs: string } {
  const matcher = createDocsMatcher(config);
  const given = resolveProjectPath(config.root, input);
  if (!given.ok) throw bad(messages.mcp.outsideProject(input));
  if (matcher.isDocs(given.rel)) return { rel: given.rel, abs: given.abs };
  // `runbooks/deploy.md` for `.heimdall/docs/runbooks/deploy.md`, as `search --path` reads a glob.
  if (!path.isAbsolute(input)) {
    for (const target of config.monitoring.targetPaths) {
      const inside = resolveProjectPath(config.root, path.join(target, input));
      if (inside.ok && inside.rel.startsWith(`${target}/`) && matcher.isDocs(inside.rel) && existsSync(inside.abs)) return { rel: inside.rel, abs: inside.abs };
    }
  }
  throw bad(messages.mcp.notADoc(given.rel));
}

/** The first section whose heading path ends with `heading`'s parts, with every memory under it (its sub-sections, a split section's parts). */
function findSection(memories: MemoryChunk[], heading: string): { range: [number, number]; headingPath: string[] } | null {
  const wanted = heading.split('>').map((part) => part.trim()).filter((part) => part !== '');
  if (wanted.length === 0) return null;
  const at = memories.findIndex((memory) => endsWith(memory.headingPath, wanted));
  if (at === -1) return null;
  const prefix = memories[at]!.headingPath;
  let last = at;
  while (last + 1 < memories.length && startsWith(memories[last + 1]!.headingPath, prefix)) last++;
  return { range: [memories[at]!.startLine, memories[last]!.endLine], headingPath: prefix };
}

function endsWith(headingPath: string[], wanted: string[]): boolean {
  if (wanted.length > headingPath.length) return false;
  const tail = headingPath.slice(headingPath.length - wanted.length);
  return tail.every((part, i) => sameHeading(part, wanted[i]!));
}

function startsWith(headingPath: string[], prefix: string[]): boolean {
  return prefix.length <= headingPath.length && prefix.every((part, i) => part === headingPath[i]);
}

function headingsOf(memories: MemoryChunk[]): string[] {
  return [...new Set(memories.map((memory) => memory.headingPath.at(-1)).filter((text): text is string => text !== undefined && text !== ''))];
}
