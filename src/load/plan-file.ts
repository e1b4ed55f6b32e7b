import { statSync, type Stats } from 'node:fs';
import type { HeimdallConfig } from '../config/config-types.js';
import type { FileError, FileResult } from '../contract/load-report.js';
import { systemErrorCode } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import type { DocsMatcher } from '../paths/docs-matcher.js';
import { absoluteOf } from '../paths/project-path.js';
import { racyWindowMs, statUnchanged } from '../store/read-sources.js';
import type { StoreBackend } from '../store/store-backend.js';
import type { StillCurrent } from '../store/store-types.js';
import { readDoc, type DocRead } from './read-doc.js';

export type Outcome = FileResult | FileResult[];

/**
 * What one path needs, found without the store's write lock (the file read, hashed and parsed): its result, or a
 * write to make under the lock. A write checks again what it depends on (replace, remove, claimRemoved), since
 * another process may have written the file between the two; and, once it holds the file's lock, that the disk is
 * still what it was planned from (StillCurrent). A plan from an older read, written after a newer one, would put
 * the old content back with no event left to mend it: such a write is planned again, under the lock.
 */
export type Plan = { kind: 'done'; outcome: Outcome } | { kind: 'write'; write: () => Promise<Outcome> };

/** What planning a path needs: the store, the config and its docs matcher, and load's beforeBlocking hook. */
export interface Planner {
  store: StoreBackend;
  config: HeimdallConfig;
  matcher: DocsMatcher;
  /** Called before the parse (reconcile-paths.ts's beforeBlocking: it can hold the main thread). */
  blocking: () => void;
}

const done = (outcome: Outcome): Plan => ({ kind: 'done', outcome });

// A file rewritten this often while one call plans it is left to the retry its temporary failure brings.
const replanLimit = 3;

/** Plans the path again (a write found the disk moved on) and makes its write at once, under the lock it holds. */
async function again(planner: Planner, path: string, tries: number): Promise<Outcome> {
  if (tries >= replanLimit) return failed(path, { code: 'vanished', message: messages.file.vanished, permanent: false });
  const plan = await planLoad(planner, path, tries + 1);
  return plan.kind === 'done' ? plan.outcome : plan.write();
}

/**
 * Forgets `path` (or every file stored under it). In 'load' mode the disk decides: a removal finding the file back
 * (created again since it was planned) loads it instead, and a removal of what the config no longer calls docs says
 * so. In 'remove' mode (`remove-file`) the path is forgotten whatever the disk says.
 */
export function planRemoval(planner: Planner, path: string, mode: 'load' | 'remove', tries = 0): Plan {
  return { kind: 'write', write: () => removeOne(planner, path, mode, tries) };
}

export async function planLoad(planner: Planner, path: string, tries = 0): Promise<Plan> {
  const { store, config, matcher, blocking } = planner;
  const outOfScope = matcher.whyNotDocs(path);
  if (outOfScope !== null) {
    // Out of scope now (config changed, or a stray path): the store must not keep it, whatever the disk holds.
    return {
      kind: 'write',
      write: async () => {
        const memories = await store.remove(path);
        if (memories !== null && memories !== 'stale') return { path, action: 'removed', memories, reason: outOfScope };
        return failed(path, { code: 'not-docs', message: messages.file.notDocs, permanent: true });
      },
    };
  }
  const abs = absoluteOf(config.root, path);
  const seen = fileStat(abs);
  const known = seen === null ? undefined : await store.liveSource(path);
  // Sync's fast path, trusted here too: a file whose stat is the one stored, and not racily clean, is not read. Such
  // calls are common: the monitor's load of files a hook's sync has just stored, a hand-run `load` of a folder.
  if (known && seen && statUnchanged(known, seen) && seen.mtimeMs < known.indexedAtMs - racyWindowMs) {
    return done({ path, action: 'unchanged', memories: known.memories });
  }
  const read = readDoc(config.root, abs, config.load.maxFileBytes);
  switch (read.kind) {
    case 'missing':
      return planRemoval(planner, path, 'load', tries);
    case 'directory':
      return done(failed(path, { code: 'not-a-file', message: messages.file.notAFile('directory'), permanent: true }));
    case 'error':
      return done(failed(path, read.error));
    case 'text':
      break;
  }
  const stat = { sha1: read.sha1, size: read.size, mtimeMs: read.mtimeMs, ctimeMs: read.ctimeMs, ino: read.ino };
  const current = asRead(abs, read);
  const existing = seen === null ? await store.liveSource(path) : known;
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
    const replaced = await store.replace(path, stat, { title: doc.title, tags: doc.tags }, memories, current);
    if (replaced === 'stale') return again(planner, path, tries);
    return { path, action: replaced ? 'loaded' : 'unchanged', memories: memories.length };
  };
  if (await store.removedWithContent(read.sha1, path)) {
    // A rename, or a switch back to a version replaced a while ago: the removed source's memories move here, unparsed
    // (unless someone claimed them meanwhile, or the store keeps no replaced version for a live path: PostgreSQL).
    return {
      kind: 'write',
      write: async () => {
        const claimed = await store.claimRemoved(path, stat, current);
        if (claimed === 'stale') return again(planner, path, tries);
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

// Whether the file is still as `read` found it (its stat: an edit since the read changes its mtime, ctime or size).
function asRead(abs: string, read: Extract<DocRead, { kind: 'text' }>): StillCurrent {
  return () => {
    try {
      const now = statSync(abs, { throwIfNoEntry: false });
      return now !== undefined && statUnchanged(read, now);
    } catch {
      return false;
    }
  };
}

// A regular file's stat (symlinks followed, as readDoc reads them), or null: readDoc then says what is there instead.
function fileStat(abs: string): Stats | null {
  try {
    const stat = statSync(abs, { throwIfNoEntry: false });
    return stat?.isFile() ? stat : null;
  } catch {
    return null;
  }
}

// Gone as readDoc sees it: nothing there to read (a dangling symlink included, which the store forgets too); or, for
// the path the removal names, a directory now (its stored files below are checked one by one). One stat.
function goneFromDisk(abs: string, directoryCounts: boolean): boolean {
  try {
    return directoryCounts && statSync(abs).isDirectory();
  } catch (error) {
    const code = systemErrorCode(error);
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}

async function removeOne(planner: Planner, path: string, mode: 'load' | 'remove', tries: number): Promise<Outcome> {
  const { store, config, matcher } = planner;
  const removed = (source: string, memories: number): FileResult => {
    const reason = mode === 'load' ? matcher.whyNotDocs(source) : null;
    return reason === null ? { path: source, action: 'removed', memories } : { path: source, action: 'removed', memories, reason };
  };
  // Still gone from the disk (in 'load' mode); a docs file back there since the plan is loaded instead.
  const goneFor = (source: string): StillCurrent | undefined => {
    if (mode === 'remove') return undefined;
    const abs = absoluteOf(config.root, source);
    return () => goneFromDisk(abs, source === path);
  };
  const memories = await store.remove(path, goneFor(path));
  if (memories === 'stale') return again(planner, path, tries);
  if (memories !== null) return removed(path, memories);
  // A removed directory: forget every file that was stored under it.
  const under = await store.liveSourcesUnder(path);
  if (under.length === 0) return { path, action: 'absent', memories: 0 };
  const out: FileResult[] = [];
  for (const source of under) {
    const gone = await store.remove(source.path, goneFor(source.path));
    if (gone === 'stale') out.push(...[await again(planner, source.path, tries)].flat());
    else out.push(removed(source.path, gone ?? 0));
  }
  return out;
}

// The parser costs ~80 ms to import: a call in which every file is unchanged never pays it.
let parser: typeof import('../markdown/parse-markdown.js').parseMarkdown | undefined;
async function markdownParser() {
  parser ??= (await import('../markdown/parse-markdown.js')).parseMarkdown;
  return parser;
}
