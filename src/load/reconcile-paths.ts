import { statSync } from 'node:fs';
import type { HeimdallConfig } from '../config/config-types.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { createDocsMatcher, type DocsMatcher } from '../paths/docs-matcher.js';
import { pathExists } from '../paths/path-exists.js';
import { absoluteOf, resolveProjectPath } from '../paths/project-path.js';
import { walkDocs } from '../paths/walk-docs.js';
import { racyWindowMs } from '../store/read-sources.js';
import type { Store } from '../store/store.js';
import { defaultGroupLimits } from '../store/write-group.js';
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
}

const busy: FileError = { code: 'store-busy', message: messages.file.storeBusy, permanent: false };

/**
 * Applies one call's paths. Removals go first, so that a rename arriving as
 * "A gone, B new" in the same call moves A's memories to B instead of re-parsing.
 * Each file is atomic (its writes in a transaction shared by ~100 ms of files); once the
 * store reports busy the remaining files are reported as temporary failures instead of
 * each waiting in turn.
 */
export async function reconcilePaths(store: Store, inputs: string[], options: ReconcileOptions): Promise<FileResult[]> {
  const { config, cwd, mode } = options;
  const root = config.root;
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
      const walk = walkDocs(root, matcher, [resolved.rel]);
      for (const file of walk.files) if (!seen.has(file)) seen.add(file), present.push(file);
      for (const dir of walk.unreadable) results.push(failed(dir.path, { code: 'permission-denied', message: messages.file.readError(dir.code), permanent: true }));
      // Stored files below that the config no longer calls docs (a narrowed scope) go too: the walk cannot name them.
      for (const source of storedUnder(store, resolved.rel)) if (!seen.has(source) && !matcher.isDocs(source)) seen.add(source), present.push(source);
    } else if (pathExists(absoluteOf(root, resolved.rel))) present.push(resolved.rel);
    else gone.push(resolved.rel);
  }

  let storeBusy = false;
  // One file, its own transaction (outside a group) or a part of the group's: busy once, every later file fails fast.
  const apply = async (path: string, work: Work, out: FileResult[]): Promise<void> => {
    if (storeBusy) return void out.push(failed(path, busy));
    try {
      out.push(...[await work()].flat());
    } catch (error) {
      const failure = storeErrorOf(error);
      if (failure === null) throw error;
      storeBusy = failure.code === 'store-busy';
      out.push(failed(path, failure));
    }
  };

  // The files go through the store in groups that share a transaction (store.ts). Their results wait in `pending`
  // until the commit that stores them. Should a write fail in a group (a full disk, an I/O error), part of it may be in
  // the transaction: the group is rolled back and its files applied again one transaction each, as without groups.
  const group: Array<{ path: string; work: Work }> = [];
  const pending: FileResult[] = [];
  const replay = async (): Promise<void> => {
    store.rollbackGroup();
    pending.length = 0;
    store.groupWrites(null);
    for (const file of group.splice(0)) await apply(file.path, file.work, results);
    store.groupWrites(defaultGroupLimits);
  };
  const commit = async (): Promise<void> => {
    try {
      store.commitGroup();
    } catch (error) {
      if (storeErrorOf(error) === null) throw error;
      return replay();
    }
    results.push(...pending.splice(0));
    group.length = 0;
  };
  const grouped = async (path: string, work: Work): Promise<void> => {
    if (storeBusy) return void pending.push(failed(path, busy));
    group.push({ path, work });
    try {
      pending.push(...[await work()].flat());
    } catch (error) {
      const failure = storeErrorOf(error);
      if (failure === null) throw error;
      // Busy is only ever the BEGIN of a group's first write: nothing to undo, and waiting again would double the wait.
      if (failure.code !== 'store-busy') return replay();
      storeBusy = true;
      group.pop();
      pending.push(failed(path, failure));
    }
    if (store.groupDue()) await commit();
  };

  store.groupWrites(defaultGroupLimits);
  try {
    try {
      store.purgeRemoved();
    } catch (error) {
      // Housekeeping only; but a busy store now means every file below would wait in turn.
      if (!(error instanceof HeimdallError && error.code === 'store-busy')) throw error;
      storeBusy = true;
    }
    // Once the parent is gone (shouldStop stays true), what was done is committed and the rest left.
    for (const path of gone) {
      if (options.shouldStop?.()) break;
      await grouped(path, () => removeOne(store, path, mode === 'load' ? matcher : null));
    }
    for (const path of present) {
      if (options.shouldStop?.()) break;
      await grouped(path, () => loadOne(store, path, config, matcher));
    }
    await commit();
  } catch (error) {
    // A bug, not the store: what the open transaction holds is reported nowhere, so it is not kept either.
    store.rollbackGroup();
    throw error;
  } finally {
    store.groupWrites(null);
  }
  return results;
}

type Work = () => Outcome | Promise<Outcome>;

/** The file's error for a store failure that other files may share (busy, I/O, a full disk, no descriptors), else null. */
function storeErrorOf(error: unknown): FileError | null {
  if (!(error instanceof HeimdallError) || !['store-busy', 'store-io', 'no-space', 'too-many-files'].includes(error.code)) return null;
  return error.code === 'store-busy' ? busy : storeFailure(error);
}

type Outcome = FileResult | FileResult[];

/** With a matcher (`load`), a removal of what the config no longer calls docs says so, gone from the disk or not. */
function removeOne(store: Store, path: string, matcher: DocsMatcher | null): Outcome {
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

async function loadOne(store: Store, path: string, config: HeimdallConfig, matcher: DocsMatcher): Promise<Outcome> {
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
      const stat = { sha1: read.sha1, size: read.size, mtimeMs: read.mtimeMs };
      const existing = store.liveSource(path);
      if (existing && existing.sha1 === read.sha1) {
        // Refresh the stat, and indexed-at while the file is "racily clean" (modified within a
        // second of being indexed): otherwise sync's fast path would distrust it forever.
        if (existing.size !== read.size || existing.mtimeMs !== read.mtimeMs || read.mtimeMs >= existing.indexedAtMs - racyWindowMs) store.touch(path, stat);
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
      let doc;
      try {
        doc = (await markdownParser())(read.text);
      } catch (error) {
        return failed(path, { code: 'internal', message: messages.file.parserFailed(error instanceof Error ? error.message : String(error)), permanent: true });
      }
      const memories = doc.memories.map(({ heading, startLine, endLine, text }) => ({ heading, startLine, endLine, text }));
      if (!store.replace(path, stat, { title: doc.title, tags: doc.tags }, memories)) return { path, action: 'unchanged', memories: memories.length };
      return { path, action: 'loaded', memories: memories.length };
    }
  }
}

// '.' is the whole project: liveSourcesUnder('.') would look for paths starting with './'.
function storedUnder(store: Store, dir: string): string[] {
  return (dir === '.' ? store.listSources() : store.liveSourcesUnder(dir)).map((source) => source.path);
}

function failed(path: string, error: FileError): FileResult {
  return { path, action: 'failed', memories: 0, error };
}

// Follows symlinks: a linked docs folder expands like a real one.
function isDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

// The parser costs ~80 ms to import: a call in which every file is unchanged never pays it.
let parser: typeof import('../markdown/parse-markdown.js').parseMarkdown | undefined;
async function markdownParser() {
  parser ??= (await import('../markdown/parse-markdown.js')).parseMarkdown;
  return parser;
}
