import { createRequire } from 'node:module';
import type { parse as Parse } from 'yaml';
import type { FrontMatter } from './memory-types.js';

// Required, not imported: see store/postgres/postgres-pool.ts.
const { parse } = createRequire(import.meta.url)('yaml') as { parse: typeof Parse };

const NONE: FrontMatter = { title: null, tags: [], index: true };

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function readTags(value: unknown): string[] {
  const items: unknown[] = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const tag = scalarText(item);
    if (tag === null || tag === '' || seen.has(tag)) continue;
    seen.add(tag);
    tags.push(tag);
  }
  return tags;
}

// `heimdall: {index: false}` keeps a doc out of the memories (the README `heimdall init` writes, or any doc a
// project wants in the folder but not recalled). Only the boolean false: anything else (`index: no` is a string
// in YAML 1.2) indexes, so a mistake shows in search rather than hiding a doc.
function readIndex(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return true;
  return (value as Record<string, unknown>)['index'] !== false;
}

const FENCE = /^---[ \t]*$/;

/**
 * The YAML front matter block: a first line `---`, up to the next line `---` (either may end in spaces), as
 * micromark-extension-frontmatter read it. Without that closing line there is none: the doc starts with a rule.
 * `lines` is how many lines it takes, fences included.
 */
export function findFrontMatter(source: string, lineStarts: readonly number[]): { value: string; lines: number } | null {
  const line = (n: number) => source.slice(lineStarts[n - 1], (lineStarts[n] ?? source.length + 1) - 1).replace(/\r$/, '');
  if (lineStarts.length < 2 || !FENCE.test(line(1))) return null;
  for (let n = 2; n <= lineStarts.length; n++) {
    if (!FENCE.test(line(n))) continue;
    const value = source.slice(lineStarts[1], lineStarts[n - 1]).replace(/(?:\r\n|\r|\n)$/, '');
    return { value, lines: n };
  }
  return null;
}

/**
 * Reads `title`, `tags` and `heimdall.index` from the YAML inside a front matter block. Never throws:
 * a doc with broken front matter must still be indexed from its body, so anything
 * unreadable (a YAML error, duplicate keys, too many aliases, a top level that is
 * not a mapping) just means no title, no tags, and indexed.
 */
export function readFrontMatter(yamlText: string): FrontMatter {
  let data: unknown;
  try {
    // 'error': YAML warnings would otherwise go to stderr through process.emitWarning,
    // polluting the output of `heimdall load --json` runs.
    data = parse(yamlText, { logLevel: 'error' });
  } catch {
    return NONE;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return NONE;
  const record = data as Record<string, unknown>;
  const title = scalarText(record['title']);
  return { title: title === '' ? null : title, tags: readTags(record['tags']), index: readIndex(record['heimdall']) };
}
