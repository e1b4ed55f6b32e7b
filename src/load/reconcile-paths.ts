import type { HeimdallConfig } from '../config/config-types.js';
import { isDirectory } from '../config/is-directory.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { createDocsMatcher } from '../paths/docs-matcher.js';
import { pathExists } from '../paths/path-exists.js';
import { absoluteOf, resolveProjectPath } from '../paths/project-path.js';
import type { StoreBackend } from '../store/store-backend.js';
import { stallInGroup } from '../store/test-stall.js';
import { failed, planLoad, planRemoval, type Outcome, type Plan, type Planner } from './plan-file.js';
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
 * Each file is atomic (its writes in a transaction shared by the files of its chunk); once
 * the store reports busy the remaining files are reported as temporary failures instead of
 * each waiting in turn.
 */
export async function reconcilePaths(store: StoreBackend, inputs: string[], options: ReconcileOptions): Promise<FileResult[]> {
  const { config, cwd, mode } = options;
  const root = config.root;
  const blocking = options.beforeBlocking ?? (() => {});
  let purged = false;
  // Old tombstones are purged (housekeeping) in the calls that write anyway, with their first write: a call of
  // unchanged files then never takes the write lock.
  const purgeOnce = async (): Promise<void> => {
    if (purged) return;
    purged = true;
    await store.purgeRemoved();
  };
  const matcher = createDocsMatcher(config);
  const planner: Planner = { store, config, matcher, blocking };
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
      for (const source of await storedUnder(store, resolved.rel)) if (!seen.has(source) && !matcher.isDocs(source)) seen.add(source), present.push(source);
    } else if (pathExists(absoluteOf(root, resolved.rel))) present.push(resolved.rel);
    else gone.push(resolved.rel);
  }

  let storeBusy = false;
  // The files are planned without the store's write lock (read, hashed, parsed: plan-file.ts), then their writes made
  // in one transaction per chunk of ~50 ms of planning (500 files at most): the lock is held for the writes alone,
  // about half the time, in bursts of tens of ms, so another writer's busy handler (polling up to every 100 ms,
  // busy_timeout 5 s) finds it free. A result is reported once the commit that stores it returned. Should a write
  // fail (a full disk, an I/O error), part of it may be in the transaction: the chunk is rolled back and its writes
  // made again one transaction each, as without chunks.
  let chunk: Array<{ path: string; plan: Plan }> = [];
  let planningSince = performance.now();
  const flush = async (): Promise<void> => {
    const planned = chunk;
    chunk = [];
    planningSince = performance.now();
    // Nothing to write (every file unchanged or failed): no lock to take.
    if (!planned.some(({ plan }) => plan.kind === 'write')) return writeEach(planned);
    blocking();
    // A backend whose writes do not share a transaction (PostgreSQL) writes each file on its own, as after a failed chunk.
    if (!store.groupsWrites) return writeEach(planned);
    const out: FileResult[] = [];
    await store.groupWrites(true);
    try {
      await purgeOnce();
      for (const { plan } of planned) out.push(...(await outcomeOf(plan)));
      await store.commitGroup();
      return void results.push(...out);
    } catch (error) {
      await store.rollbackGroup();
      const failure = storeErrorOf(error);
      if (failure === null) throw error;
      // Busy is only ever the chunk's BEGIN: nothing to undo, and trying each again would multiply the wait.
      storeBusy = failure.code === 'store-busy';
    } finally {
      await store.groupWrites(false);
    }
    await writeEach(planned);
  };
  const writeEach = async (planned: Array<{ path: string; plan: Plan }>): Promise<void> => {
    for (const { path, plan } of planned) {
      if (plan.kind === 'done') results.push(...(await outcomeOf(plan)));
      else if (storeBusy) results.push(failed(path, busy));
      else await apply(path, plan.write);
    }
  };
  const apply = async (path: string, write: () => Promise<Outcome>): Promise<void> => {
    try {
      await purgeOnce();
      results.push(...[await write()].flat());
    } catch (error) {
      const failure = storeErrorOf(error);
      if (failure === null) throw error;
      storeBusy = failure.code === 'store-busy';
      results.push(failed(path, failure));
    }
  };
  const add = async (path: string, plan: Plan): Promise<void> => {
    chunk.push({ path, plan });
    if (chunk.length >= chunkLimits.files || performance.now() - planningSince >= chunkLimits.ms) await flush();
  };

  // Once the parent is gone (shouldStop stays true), what was planned is written and the rest left.
  for (const path of gone) {
    if (options.shouldStop?.()) break;
    if (storeBusy) results.push(failed(path, busy));
    else await add(path, planRemoval(planner, path, mode));
  }
  // Written before the loads are planned: a load claims a removed file's memories when it has its content.
  await flush();
  for (const path of present) {
    if (options.shouldStop?.()) break;
    if (storeBusy) results.push(failed(path, busy));
    else await add(path, await planned(path, () => planLoad(planner, path)));
  }
  await flush();
  return results;
}

// At most this many files, or this long planning them, per transaction (the test seam that stalls a write inside its
// transaction with the files before it lifts the time bound, so that they are certainly there).
const chunkLimits = { files: 500, ms: stallInGroup ? Number.POSITIVE_INFINITY : 50 };

async function outcomeOf(plan: Plan): Promise<FileResult[]> {
  return [plan.kind === 'done' ? plan.outcome : await plan.write()].flat();
}

// A store failure while planning (a read) is that file's result, as it would be writing it.
async function planned(path: string, plan: () => Promise<Plan>): Promise<Plan> {
  try {
    return await plan();
  } catch (error) {
    const failure = storeErrorOf(error);
    if (failure === null) throw error;
    return { kind: 'done', outcome: failed(path, failure) };
  }
}

/** The file's error for a store failure that other files may share (busy, I/O, a full disk, no descriptors), else null. */
function storeErrorOf(error: unknown): FileError | null {
  if (!(error instanceof HeimdallError) || !['store-busy', 'store-io', 'no-space', 'too-many-files'].includes(error.code)) return null;
  return error.code === 'store-busy' ? busy : storeFailure(error);
}

// '.' is the whole project: liveSourcesUnder('.') would look for paths starting with './'.
async function storedUnder(store: StoreBackend, dir: string): Promise<string[]> {
  return (await (dir === '.' ? store.listSources() : store.liveSourcesUnder(dir))).map((source) => source.path);
}
