import type { HeimdallConfig } from '../config/config-types.js';
import { isDirectory } from '../config/is-directory.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { createDocsMatcher, type DocsMatcher } from '../paths/docs-matcher.js';
import { pathExists } from '../paths/path-exists.js';
import { absoluteOf, resolveProjectPath } from '../paths/project-path.js';
import { racyWindowMs, statUnchanged } from '../store/read-sources.js';
import type { Store } from '../store/store.js';
import { readDoc } from './read-doc.js';
import { storeFailure } from './store-failure.js';
import type { FileError, FileResult } from '../contract/load-report.js';

export interface ReconcileOptions {
  config: HeimdallConfig;
  cwd: string;
  /** 'load' reconciles against the disk; 'remove' forgets the paths whatever the disk says. */
  mode: 'load' | 'remove';
  /** Checked between files: true stops the call (the parent died). */
  shouldStop?: () => boolean;
  /**
   * Called before the first step that can hold the main thread for long, so that the caller can start a watchdog
   * thread then (executor/exit-when-parent-dies.ts) rather than in every call: a write (it may wait out a busy
   * store, 5 s), a parse, a directory walk. What is left in between, reading a file and its row (a WAL reader
   * never waits for a writer), is short, and shouldStop is checked after each file.
   */
  beforeBlocking?: () => void;
}

const busy: FileError = { code: 'store-busy', message: messages.file.storeBusy, permanent: false };

/**
 * Applies one call's paths. Removals go first, so that a rename arriving as
 * "A gone, B new" in the same call moves A's memories to B instead of re-parsing.
 * Each file is its own transaction; once the store reports busy the remaining
 * files are reported as temporary failures instead of each waiting in turn.
 */
export async function reconcilePaths(given: Store, inputs: string[], options: ReconcileOptions): Promise<FileResult[]> {
  const { config, cwd, mode } = options;
  const root = config.root;
  const blocking = options.beforeBlocking ?? (() => {});
  let purged = false;
  // The store's writes, each after `blocking`; the first also purges old tombstones (housekeeping, done in the
  // calls that write anyway: a call of unchanged files then never takes the write lock).
  const store = writesAfter(given, () => {
    blocking();
    if (purged) return;
    purged = true;
    given.purgeRemoved();
  });
  const matcher = createDocsMatcher(config);
  const results: FileResult[] = [];
  const gone: string[] = [];
  const present: string[] = [];
  const seen = new Set<string>();

  for (const input of inputs) {
    const resolved = resolveProjectPath(root, input, cwd);
    if (!resolved.ok) {
      results.push(failed(input, { code: 'outside-root', message: messages.file.outsideRoot(root), permanent: true }));
      continue;
    }
    if (seen.has(resolved.rel)) continue;
    seen.add(resolved.rel);
    if (mode === 'remove') gone.push(resolved.rel);
    else if (isDirectory(absoluteOf(root, resolved.rel)) && !matcher.isDocs(resolved.rel)) {
      blocking();
      // Imported only now: the executor's calls name files.
      const { walkDocs } = await import('../paths/walk-docs.js');
      const walk = walkDocs(root, matcher, [resolved.rel]);
      for (const file of walk.files) if (!seen.has(file)) seen.add(file), present.push(file);
      for (const dir of walk.unreadable) results.push(failed(dir.path, { code: 'permission-denied', message: messages.file.readError(dir.code), permanent: true }));
      // Stored files below that the config no longer calls docs (a narrowed scope) go too: the walk cannot name them.
      for (const source of storedUnder(store, resolved.rel)) if (!seen.has(source) && !matcher.isDocs(source)) seen.add(source), present.push(source);
    } else if (pathExists(absoluteOf(root, resolved.rel))) present.push(resolved.rel);
    else gone.push(resolved.rel);
  }

  let storeBusy = false;
  const guarded = async (path: string, work: () => Outcome | Promise<Outcome>): Promise<void> => {
    if (storeBusy) return void results.push(failed(path, busy));
    try {
      const outcome = await work();
      if (Array.isArray(outcome)) results.push(...outcome);
      else results.push(outcome);
    } catch (error) {
      if (error instanceof HeimdallError && ['store-busy', 'store-io', 'no-space', 'too-many-files'].includes(error.code)) {
        storeBusy = error.code === 'store-busy';
        return void results.push(failed(path, storeBusy ? busy : storeFailure(error)));
      }
      throw error;
    }
  };

  for (const path of gone) {
    if (options.shouldStop?.()) return results;
    await guarded(path, () => removeOne(store, path, mode === 'load' ? matcher : null));
  }
  for (const path of present) {
    if (options.shouldStop?.()) return results;
    await guarded(path, () => loadOne(store, path, config, matcher, blocking));
  }
  return results;
}

type Outcome = FileResult | FileResult[];

/** With a matcher (`load`), a removal of what the config no longer calls docs says so, gone from the disk or not. */
function removeOne(store: StoreView, path: string, matcher: DocsMatcher | null): Outcome {
  const removed = (source: string, memories: number): FileResult => {
    const reason = matcher?.whyNotDocs(source) ?? null;
    return reason === null ? { path: source, action: 'removed', memories } : { path: source, action: 'removed', memories, reason };
  };
  const memories = store.remove(path);
  if (memories !== null) return removed(path, memories);
  // A removed directory: forget every file that was stored under it.
  const under = store.liveSourcesUnder(path);
  if (under.length === 0) return { path, action: 'absent', memories: 0 };
  return under.map((source) => removed(source.path, store.remove(source.path) ?? 0));
}

async function loadOne(store: StoreView, path: string, config: HeimdallConfig, matcher: DocsMatcher, blocking: () => void): Promise<Outcome> {
  const outOfScope = matcher.whyNotDocs(path);
  if (outOfScope !== null) {
    // Out of scope now (config changed, or a stray path): the store must not keep it, whatever the disk holds.
    const memories = store.remove(path);
    if (memories !== null) return { path, action: 'removed', memories, reason: outOfScope };
    return failed(path, { code: 'not-docs', message: messages.file.notDocs, permanent: true });
  }
  const read = readDoc(config.root, absoluteOf(config.root, path), config.load.maxFileBytes);
  switch (read.kind) {
    case 'missing':
      return removeOne(store, path, null);
    case 'directory':
      return failed(path, { code: 'not-a-file', message: messages.file.notAFile('directory'), permanent: true });
    case 'error':
      return failed(path, read.error);
    case 'text': {
      const stat = { sha1: read.sha1, size: read.size, mtimeMs: read.mtimeMs, ctimeMs: read.ctimeMs, ino: read.ino };
      const existing = store.liveSource(path);
      if (existing && existing.sha1 === read.sha1) {
        // Refresh the stat, and indexed-at while the file is "racily clean" (modified within a
        // second of being indexed): otherwise sync's fast path would distrust it forever.
        if (!statUnchanged(existing, read) || read.mtimeMs >= existing.indexedAtMs - racyWindowMs) store.touch(path, stat);
        return { path, action: 'unchanged', memories: existing.memories };
      }
      if (!existing) {
        const claimed = store.claimRemoved(path, stat);
        if (claimed) {
          return claimed.from === path
            ? { path, action: 'loaded', memories: claimed.memories }
            : { path, action: 'moved', memories: claimed.memories, from: claimed.from };
        }
      }
      blocking();
      // Outside the try: failing to load the parser (out of descriptors, say) is the call's failure, not this file's.
      const parse = await markdownParser();
      let doc;
      try {
        doc = parse(read.text);
      } catch (error) {
        return failed(path, { code: 'internal', message: messages.file.parserFailed(error instanceof Error ? error.message : String(error)), permanent: true });
      }
      const memories = doc.memories.map(({ heading, startLine, endLine, text }) => ({ heading, startLine, endLine, text }));
      if (!store.replace(path, stat, { title: doc.title, tags: doc.tags }, memories)) return { path, action: 'unchanged', memories: memories.length };
      return { path, action: 'loaded', memories: memories.length };
    }
  }
}

/** What reconcilePaths uses of the store. */
type StoreView = Pick<Store, 'liveSource' | 'liveSourcesUnder' | 'listSources' | 'remove' | 'touch' | 'claimRemoved' | 'replace'>;

/** The store, with `before` run ahead of each write. */
function writesAfter(store: Store, before: () => void): StoreView {
  return {
    liveSource: (path) => store.liveSource(path),
    liveSourcesUnder: (prefix) => store.liveSourcesUnder(prefix),
    listSources: () => store.listSources(),
    remove: (path) => (before(), store.remove(path)),
    touch: (path, stat) => (before(), store.touch(path, stat)),
    claimRemoved: (path, stat) => (before(), store.claimRemoved(path, stat)),
    replace: (path, stat, doc, memories) => (before(), store.replace(path, stat, doc, memories)),
  };
}

// '.' is the whole project: liveSourcesUnder('.') would look for paths starting with './'.
function storedUnder(store: StoreView, dir: string): string[] {
  return (dir === '.' ? store.listSources() : store.liveSourcesUnder(dir)).map((source) => source.path);
}

function failed(path: string, error: FileError): FileResult {
  return { path, action: 'failed', memories: 0, error };
}

// The parser costs ~80 ms to import: a call in which every file is unchanged never pays it.
let parser: typeof import('../markdown/parse-markdown.js').parseMarkdown | undefined;
async function markdownParser() {
  parser ??= (await import('../markdown/parse-markdown.js')).parseMarkdown;
  return parser;
}
