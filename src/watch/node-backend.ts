import { mkdirSync, readdirSync, realpathSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { systemErrorCode } from '../errors/heimdall-error.js';
import { createDocsMatcher } from '../paths/docs-matcher.js';
import { absoluteOf } from '../paths/project-path.js';
import { createCookieFlush } from './cookie-flush.js';
import type { BackendOptions, BackendStart, WatchBackend } from './watch-backend.js';
import type { WatchListener } from './watch-event.js';

export interface NodeBackendOptions extends BackendOptions {
  /** inotify watches are a per-user kernel resource: past this many directories, warn instead of watching. */
  maxDirectories?: number;
}

type Role = 'tree' | 'anchor' | 'control';

interface DirWatch {
  role: Role;
  watcher: FSWatcher;
  real: string;
  /** Names of docs files seen here: a directory moved away reports no per-file events, so its files are known. */
  files: Set<string>;
}

/**
 * The fallback when Watchman is not installed or will not start. fs.watch's
 * `recursive` is not supported on Linux in Node 20, so every directory under the
 * target paths gets its own watcher (bounded), new directories are scanned and
 * watched as they appear, and a missing target is awaited from its nearest
 * existing ancestor. All callbacks run synchronously: libuv reads every watch
 * from one inotify descriptor in order, so a cookie file's event proves that the
 * events before it were delivered (that is `flush`, cookie-flush.ts). There is no clock: every
 * start is a fresh instance.
 */
export function createNodeBackend(options: NodeBackendOptions): WatchBackend {
  const { root, controlDir } = options;
  let emit: WatchListener = () => {};
  let monitoring = options.monitoring;
  let matcher = createDocsMatcher(options);
  const maxDirectories = options.maxDirectories ?? 10_000;
  const dirs = new Map<string, DirWatch>();
  const cookies = createCookieFlush(root, controlDir);
  const treeReals = new Set<string>();
  const problems = new Set<string>();
  const problem = (text: string) => {
    if (problems.size < 20) problems.add(text);
  };
  let running = false;
  // Its own watcher, apart from the role map: `.heimdall/` may be a target's anchor or inside a tree as well.
  let configWatcher: FSWatcher | null = null;

  const join = (dir: string, name: string) => (dir === '.' ? name : `${dir}/${name}`);
  const statOf = (rel: string) => {
    try {
      return statSync(absoluteOf(root, rel));
    } catch (error) {
      if (systemErrorCode(error) !== 'ENOENT' && systemErrorCode(error) !== 'ENOTDIR') problem(`${rel}: ${systemErrorCode(error) ?? 'error'}`);
      return null;
    }
  };

  const addWatch = (rel: string, role: Role): DirWatch | null => {
    const existing = dirs.get(rel);
    if (existing !== undefined) return existing.role === role ? existing : null;
    if (dirs.size >= maxDirectories) {
      problem(`node backend: the limit of ${maxDirectories} watched directories was reached; changes under ${rel} are not seen`);
      return null;
    }
    let real: string;
    let watcher: FSWatcher;
    try {
      real = realpathSync(absoluteOf(root, rel));
      // A symlinked directory is followed once, so a link loop ends.
      if (role === 'tree' && treeReals.has(real)) return null;
      watcher = watch(absoluteOf(root, rel), { persistent: true }, (_type, name) => onFsEvent(rel, name === null ? null : String(name)));
    } catch (error) {
      if (systemErrorCode(error) !== 'ENOENT') problem(`${rel}: cannot be watched (${systemErrorCode(error) ?? String(error)})`);
      return null;
    }
    watcher.on('error', (error) => {
      problem(`${rel}: watch failed (${systemErrorCode(error) ?? error.message})`);
      dropWatch(rel, false);
    });
    const entry: DirWatch = { role, watcher, real, files: new Set() };
    dirs.set(rel, entry);
    if (role === 'tree') treeReals.add(real);
    return entry;
  };

  const dropWatch = (rel: string, reportDeleted: boolean): void => {
    for (const [dir, entry] of dirs) {
      if (dir !== rel && !dir.startsWith(`${rel}/`)) continue;
      entry.watcher.close();
      dirs.delete(dir);
      if (entry.role === 'tree') treeReals.delete(entry.real);
      if (reportDeleted) for (const name of entry.files) emit({ type: 'change', path: join(dir, name), exists: false });
    }
  };

  /** Watches `rel` and everything in scope below it; with `report`, its docs files are changes (a directory that just appeared). */
  const addTree = (rel: string, report: boolean): void => {
    const entry = addWatch(rel, 'tree');
    if (entry === null) return;
    let names: string[];
    try {
      names = readdirSync(absoluteOf(root, rel));
    } catch {
      return;
    }
    for (const name of names) {
      const child = join(rel, name);
      if (!matcher.isInScope(child)) continue;
      const stats = statOf(child);
      if (stats === null) continue;
      if (stats.isDirectory()) addTree(child, report);
      else if (matcher.isDocs(child)) {
        entry.files.add(name);
        if (report) emit({ type: 'change', path: child, exists: true });
      }
    }
  };

  /** Every target is watched if it exists, else awaited from its nearest existing ancestor. */
  const ensureTargets = (report: boolean): void => {
    for (const target of monitoring.targetPaths) {
      if (dirs.get(target)?.role === 'tree') continue;
      const stats = statOf(target);
      if (stats?.isDirectory()) {
        if (dirs.get(target)?.role === 'anchor') dropWatch(target, false);
        addTree(target, report);
        continue;
      }
      // Missing, or a single file: watched from its nearest existing directory (the anchor).
      let anchor = target === '.' ? '.' : path.posix.dirname(target);
      while (anchor !== '.' && statOf(anchor)?.isDirectory() !== true) anchor = path.posix.dirname(anchor);
      const isNew = !dirs.has(anchor);
      addWatch(anchor, 'anchor');
      // A file target that appeared with its directory: the anchor saw no event for the file itself.
      if (isNew && report && stats !== null && matcher.isDocs(target)) emit({ type: 'change', path: target, exists: true });
    }
  };

  const onFsEvent = (dir: string, name: string | null): void => {
    if (!running) return;
    const entry = dirs.get(dir);
    if (entry === undefined) return;
    if (entry.role === 'control') {
      if (name === null) return;
      cookies.seen(name);
      if (name.startsWith('canary.')) emit({ type: 'change', path: join(dir, name), exists: statOf(join(dir, name)) !== null });
      return;
    }
    if (statOf(dir)?.isDirectory() !== true) {
      // The directory itself went away (deleted or moved out): its files with it.
      dropWatch(dir, entry.role === 'tree');
      ensureTargets(true);
      return;
    }
    if (entry.role === 'anchor') {
      const child = name === null ? null : join(dir, name);
      if (child !== null && monitoring.targetPaths.includes(child) && matcher.isDocs(child)) {
        const stats = statOf(child);
        if (stats === null || !stats.isDirectory()) emit({ type: 'change', path: child, exists: stats !== null });
      }
      ensureTargets(true);
      return;
    }
    if (name === null) {
      addTree(dir, true); // the kernel queue overflowed: rescan (duplicates are harmless)
      return;
    }
    const child = join(dir, name);
    if (!matcher.isInScope(child)) return;
    const stats = statOf(child);
    if (stats === null) {
      if (dirs.has(child)) dropWatch(child, true);
      if (entry.files.delete(name) || matcher.isDocs(child)) emit({ type: 'change', path: child, exists: false });
    } else if (stats.isDirectory()) {
      if (!dirs.has(child)) addTree(child, true);
    } else if (matcher.isDocs(child)) {
      entry.files.add(name);
      emit({ type: 'change', path: child, exists: true });
    }
    if (monitoring.targetPaths.includes(child)) ensureTargets(true);
  };

  const watchConfig = (): void => {
    const dir = path.posix.dirname(options.configFile);
    const name = path.posix.basename(options.configFile);
    try {
      configWatcher = watch(absoluteOf(root, dir), { persistent: true }, (_type, changed) => {
        if (running && (changed === null || String(changed) === name)) emit({ type: 'change', path: options.configFile, exists: statOf(options.configFile) !== null });
      });
    } catch (error) {
      problem(`${dir}: cannot be watched (${systemErrorCode(error) ?? String(error)}): config changes are not seen; SIGHUP reloads it`);
      return;
    }
    configWatcher.on('error', (error) => problem(`${dir}: watch failed (${systemErrorCode(error) ?? error.message}): config changes are not seen`));
  };

  return {
    kind: 'node',
    start: async (_since, onEvent): Promise<BackendStart> => {
      emit = onEvent;
      running = true;
      mkdirSync(absoluteOf(root, controlDir), { recursive: true });
      addWatch(controlDir, 'control');
      watchConfig();
      ensureTargets(false);
      // No clock: what changed while no monitor ran is unknown, so the monitor reconciles everything.
      emit({ type: 'fresh-instance', clock: null });
      return { type: 'watching', watchRoot: root };
    },
    flush: (timeoutMs) => cookies.flush(timeoutMs),
    // Nothing to ask: the heartbeat canary alone tells whether inotify still delivers.
    probe: async () => {},
    stop: async () => {
      running = false;
      configWatcher?.close();
      configWatcher = null;
      for (const entry of dirs.values()) entry.watcher.close();
      dirs.clear();
      treeReals.clear();
    },
    reconfigure: (next) => {
      monitoring = next;
      matcher = createDocsMatcher({ monitoring: next });
    },
    warnings: () => [...problems],
  };
}
