import type { HeimdallConfig } from '../config/config-types.js';
import type { FileError, FileResult } from '../contract/load-report.js';
import { messages } from '../errors/messages.js';
import type { DocsMatcher } from '../paths/docs-matcher.js';
import { absoluteOf } from '../paths/project-path.js';
import { racyWindowMs, statUnchanged } from '../store/read-sources.js';
import type { StoreBackend } from '../store/store-backend.js';
import { readDoc } from './read-doc.js';

export type Outcome = FileResult | FileResult[];

/**
 * What one path needs, found without the store's write lock (the file read, hashed and parsed): its result, or a
 * write to make under the lock. A write checks again what it depends on (replace, remove, claimRemoved), since
 * another process may have written the file between the two.
 */
export type Plan = { kind: 'done'; outcome: Outcome } | { kind: 'write'; write: () => Promise<Outcome> };

const done = (outcome: Outcome): Plan => ({ kind: 'done', outcome });

/** Forgets `path` (or every file stored under it). With a matcher (`load`), a removal of what the config no longer calls docs says so. */
export function planRemoval(store: StoreBackend, path: string, matcher: DocsMatcher | null): Plan {
  return { kind: 'write', write: () => removeOne(store, path, matcher) };
}

/** `blocking` is called before the parse (reconcile-paths.ts's beforeBlocking: it can hold the main thread). */
export async function planLoad(store: StoreBackend, path: string, config: HeimdallConfig, matcher: DocsMatcher, blocking: () => void): Promise<Plan> {
  const outOfScope = matcher.whyNotDocs(path);
  if (outOfScope !== null) {
    // Out of scope now (config changed, or a stray path): the store must not keep it, whatever the disk holds.
    return {
      kind: 'write',
      write: async () => {
        const memories = await store.remove(path);
        if (memories !== null) return { path, action: 'removed', memories, reason: outOfScope };
        return failed(path, { code: 'not-docs', message: messages.file.notDocs, permanent: true });
      },
    };
  }
  const read = readDoc(config.root, absoluteOf(config.root, path), config.load.maxFileBytes);
  switch (read.kind) {
    case 'missing':
      return planRemoval(store, path, null);
    case 'directory':
      return done(failed(path, { code: 'not-a-file', message: messages.file.notAFile('directory'), permanent: true }));
    case 'error':
      return done(failed(path, read.error));
    case 'text':
      break;
  }
  const stat = { sha1: read.sha1, size: read.size, mtimeMs: read.mtimeMs, ctimeMs: read.ctimeMs, ino: read.ino };
  const existing = await store.liveSource(path);
  if (existing && existing.sha1 === read.sha1) {
    const unchanged: FileResult = { path, action: 'unchanged', memories: existing.memories };
    // Refresh the stat, and indexed-at while the file is "racily clean" (modified within a
    // second of being indexed): otherwise sync's fast path would distrust it forever.
    if (statUnchanged(existing, read) && read.mtimeMs < existing.indexedAtMs - racyWindowMs) return done(unchanged);
    return { kind: 'write', write: async () => (await store.touch(path, stat), unchanged) };
  }
  blocking();
  // Outside parsed()'s try: failing to load the parser (out of descriptors, say) is the call's failure, not this file's.
  const parse = await markdownParser();
  const parsed = (): { doc: ReturnType<typeof parse> } | { failure: FileResult } => {
    try {
      return { doc: parse(read.text) };
    } catch (error) {
      return { failure: failed(path, { code: 'internal', message: messages.file.parserFailed(error instanceof Error ? error.message : String(error)), permanent: true }) };
    }
  };
  const replaceWith = async (doc: ReturnType<typeof parse>): Promise<Outcome> => {
    const memories = doc.memories.map(({ heading, startLine, endLine, text }) => ({ heading, startLine, endLine, text }));
    if (!(await store.replace(path, stat, { title: doc.title, tags: doc.tags }, memories))) return { path, action: 'unchanged', memories: memories.length };
    return { path, action: 'loaded', memories: memories.length };
  };
  if (!existing && (await store.removedWithContent(read.sha1))) {
    // A rename: the removed source's memories move here, unparsed (unless someone claimed them meanwhile).
    return {
      kind: 'write',
      write: async () => {
        const claimed = await store.claimRemoved(path, stat);
        if (claimed) {
          return claimed.from === path
            ? { path, action: 'loaded', memories: claimed.memories }
            : { path, action: 'moved', memories: claimed.memories, from: claimed.from };
        }
        const result = parsed();
        return 'doc' in result ? replaceWith(result.doc) : result.failure;
      },
    };
  }
  const result = parsed();
  if (!('doc' in result)) return done(result.failure);
  return { kind: 'write', write: () => replaceWith(result.doc) };
}

export function failed(path: string, error: FileError): FileResult {
  return { path, action: 'failed', memories: 0, error };
}

async function removeOne(store: StoreBackend, path: string, matcher: DocsMatcher | null): Promise<Outcome> {
  const removed = (source: string, memories: number): FileResult => {
    const reason = matcher?.whyNotDocs(source) ?? null;
    return reason === null ? { path: source, action: 'removed', memories } : { path: source, action: 'removed', memories, reason };
  };
  const memories = await store.remove(path);
  if (memories !== null) return removed(path, memories);
  // A removed directory: forget every file that was stored under it.
  const under = await store.liveSourcesUnder(path);
  if (under.length === 0) return { path, action: 'absent', memories: 0 };
  const out: FileResult[] = [];
  for (const source of under) out.push(removed(source.path, (await store.remove(source.path)) ?? 0));
  return out;
}

// The parser costs ~80 ms to import: a call in which every file is unchanged never pays it.
let parser: typeof import('../markdown/parse-markdown.js').parseMarkdown | undefined;
async function markdownParser() {
  parser ??= (await import('../markdown/parse-markdown.js')).parseMarkdown;
  return parser;
}
