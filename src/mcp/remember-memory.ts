import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { HeimdallConfig } from '../config/config-types.js';
import { HeimdallError, systemErrorCode } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { createDocsMatcher } from '../paths/docs-matcher.js';
import { absoluteOf, relativeInside } from '../paths/project-path.js';
import { writeNewFile } from './write-new-file.js';

export const memoryKinds = ['note', 'decision', 'lesson'] as const;
export type MemoryKind = (typeof memoryKinds)[number];

export interface RememberRequest {
  title: string;
  text: string;
  tags?: string[] | undefined;
  kind?: MemoryKind | undefined;
}

export interface WrittenMemory {
  /** Project-relative. */
  path: string;
  title: string;
  tags: string[];
  kind: MemoryKind;
  created: string;
  bytes: number;
  sha1: string;
}

const bad = (message: string) => new HeimdallError('usage', message);

/**
 * `remember`: a new markdown file in mcp.memories_dir, named from the date and a slug of the title
 * (`2025-06-01-use-wal-mode.md`, `-2` and on when taken), with front matter (title, tags, kind, created),
 * written whole or not at all (see writeNewFile). Nothing goes to the store: the file is a doc like any
 * other, indexed by the monitor or a sync, committed with the code.
 */
export function writeMemory(config: HeimdallConfig, request: RememberRequest, now: Date = new Date()): WrittenMemory {
  const title = oneLine(request.title, 'title');
  const text = request.text.trim();
  if (text === '') throw bad(messages.mcp.emptyField('text'));
  if (text.includes('\0')) throw bad(messages.mcp.nulInField('text'));
  const tags = [...new Set((request.tags ?? []).map((tag) => oneLine(tag, 'a tag')))];
  const kind = request.kind ?? 'note';
  const created = now.toISOString();

  const dir = config.mcp.memoriesDir;
  const base = `${created.slice(0, 10)}-${slugOf(title)}`;
  const nameFor = (attempt: number) => `${base}${attempt === 0 ? '' : `-${attempt + 1}`}${memoryExtension(config)}`;
  if (!memoriesAreDocs(config)) throw bad(messages.mcp.memoriesDirNotDocs(dir, config.monitoring.targetPaths));

  const content = `---\n${stringify({ title, tags, kind, created })}---\n\n# ${title}\n\n${text}\n`;
  const bytes = Buffer.from(content, 'utf8');
  if (bytes.length > config.load.maxFileBytes) throw bad(messages.mcp.memoryTooLarge(bytes.length, config.load.maxFileBytes));

  const folder = absoluteOf(config.root, dir);
  let file: string;
  try {
    mkdirSync(folder, { recursive: true });
    file = writeNewFile(folder, nameFor, bytes);
  } catch (error) {
    const code = systemErrorCode(error);
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new HeimdallError('no-space', messages.mcp.memoryNoSpace(dir), { cause: error });
    throw new HeimdallError('internal', messages.mcp.memoryWriteFailed(dir, error instanceof Error ? error.message : String(error)), { cause: error });
  }
  return {
    path: relativeInside(config.root, file) ?? inMemoriesDir(config, path.basename(file)),
    title,
    tags,
    kind,
    created,
    bytes: bytes.length,
    sha1: createHash('sha1').update(bytes).digest('hex'),
  };
}

/** Whether a file written in mcp.memories_dir is a doc (inside a target path, not ignored): else `remember` refuses. */
export function memoriesAreDocs(config: HeimdallConfig): boolean {
  return createDocsMatcher(config).isDocs(inMemoriesDir(config, `memory${memoryExtension(config)}`));
}

function memoryExtension(config: HeimdallConfig): string {
  return config.monitoring.extensions.includes('.md') ? '.md' : (config.monitoring.extensions[0] ?? '.md');
}

function inMemoriesDir(config: HeimdallConfig, name: string): string {
  const dir = config.mcp.memoriesDir;
  return dir === '.' ? name : `${dir}/${name}`;
}

function oneLine(value: string, field: string): string {
  const text = value.replace(/\s+/g, ' ').trim();
  if (text === '') throw bad(messages.mcp.emptyField(field));
  if (text.includes('\0')) throw bad(messages.mcp.nulInField(field));
  return text;
}

/** `Use WAL mode (not DELETE)!` -> `use-wal-mode-not-delete`: ASCII letters and digits, at most 60 characters, cut at a dash. */
export function slugOf(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= 60) return slug === '' ? 'memory' : slug;
  const cut = slug.slice(0, 61);
  const dash = cut.lastIndexOf('-');
  return (dash > 20 ? cut.slice(0, dash) : cut.slice(0, 60)).replace(/-+$/, '');
}
