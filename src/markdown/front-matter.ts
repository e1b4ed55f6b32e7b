import { parse } from 'yaml';
import type { FrontMatter } from './memory-types.js';

const NONE: FrontMatter = { title: null, tags: [] };

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

/**
 * Reads `title` and `tags` from the YAML inside a front matter block. Never throws:
 * a doc with broken front matter must still be indexed from its body, so anything
 * unreadable (a YAML error, duplicate keys, too many aliases, a top level that is
 * not a mapping) just means no title and no tags.
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
  return { title: title === '' ? null : title, tags: readTags(record['tags']) };
}
