import { performance } from 'node:perf_hooks';
import type { HeimdallConfig } from '../config/config-types.js';
import { runtimePaths } from '../config/runtime-paths.js';
import { exitCodeOf } from '../contract/exit-code-of.js';
import { summarize } from '../contract/load-report.js';
import type { DryRunReport, SyncReport } from '../contract/sync-report.js';
import { messages } from '../errors/messages.js';
import { createExecutor } from '../executor/create-executor.js';
import type { SubmitOutcome } from '../executor/executor-types.js';
import type { StoreTarget } from '../config/store-config.js';
import { storeTarget } from '../git/store-target.js';
import { readStoredStats } from '../store/open-backend.js';
import { acquireSyncLock } from './acquire-sync-lock.js';
import { combineResults } from './combine-results.js';
import { coordinateWithMonitor, type MonitorCoordination } from './coordinate-monitor.js';
import { pinSyncConfig } from './pin-sync-config.js';
import { createProgressBar } from './progress-bar.js';
import { scanCandidates, type UnreadableDir } from './scan-candidates.js';
import { mergeOutcomes, syncLanes } from './sync-lanes.js';
import { configChangedIn, sinceCandidates, type DiffRange } from './since-candidates.js';
import type { SyncCandidate } from './sync-candidate.js';

export type SyncPlan = { kind: 'full'; fastPath: boolean } | { kind: 'diff'; range: DiffRange };

export interface SyncRequest {
  config: HeimdallConfig;
  plan: SyncPlan;
  dryRun: boolean;
  /** Notes for people: waiting for another sync, Watchman trouble. */
  log: (line: string) => void;
  /** The executor's one line per call (the hooks' sync.log keeps them; a terminal does not need them). */
  executorLog?: (line: string) => void;
  /** Draw a progress bar (it still draws only when stderr is a terminal). */
  progress: boolean;
  /** How long to wait for another sync of the project before running anyway. */
  lockWaitMs?: number;
  /** Called once the project is ours and the candidates are known (not in dry runs). */
  onStart?: (candidates: number) => void;
}

export type SyncOutcome = { kind: 'done'; report: SyncReport; exitCode: number } | { kind: 'dry-run'; report: DryRunReport; exitCode: number };

const defaultLockWaitMs = 10 * 60_000;

/** One sync: candidates (a git diff, or a full scan with the fast path), then the executor applies them. */
export async function runSync(request: SyncRequest): Promise<SyncOutcome> {
  const started = performance.now();
  const { config, plan } = request;
  const paths = runtimePaths(config.root);
  const mode = plan.kind === 'full' ? 'full' : 'since';
  // The store, its namespace asked of git once (a PostgreSQL store without store.project) and only if needed.
  let resolved: Promise<StoreTarget> | null = null;
  const target = (): Promise<StoreTarget> => (resolved ??= storeTarget(config));

  if (request.dryRun) {
    const found = await findCandidates(request, target);
    // An out-of-scope candidate travels to `load` (which reports the reason), but what it does is a removal.
    const removes = (c: SyncCandidate) => c.deleted || c.reason === 'out-of-scope';
    const results: DryRunReport['results'] = found.candidates.map((c) => ({ path: c.path, action: removes(c) ? 'remove' : 'load', reason: c.reason }));
    for (const dir of found.unreadable) results.push({ path: dir.path, action: 'keep', reason: 'unreadable', kept: dir.kept });
    const load = found.candidates.filter((c) => !removes(c)).length;
    const report: DryRunReport = {
      dryRun: true,
      mode,
      results,
      summary: { load, remove: found.candidates.length - load, unreadable: found.unreadable.length },
      scanned: found.scanned,
      skipped: found.skipped,
      durationMs: Math.round(performance.now() - started),
    };
    return { kind: 'dry-run', report, exitCode: 0 };
  }

  const lock = await acquireSyncLock(config.root, {
    runDir: paths.runDir,
    maxWaitMs: request.lockWaitMs ?? defaultLockWaitMs,
    onWait: (holder) => request.log(messages.sync.waitingForLock(holder?.pid ?? 0)),
  });
  if (lock.kind === 'timed-out') request.log(messages.sync.lockTimeout(Math.round(lock.waitedMs / 1000)));
  let monitor: MonitorCoordination | null = null;
  try {
    // Computed once the lock is ours: a sync that waited sees what changed meanwhile.
    const found = await findCandidates(request, target);
    request.onStart?.(found.candidates.length);
    let outcome: SubmitOutcome | null = null;
    if (found.candidates.length > 0) {
      monitor = await coordinateWithMonitor(config.root, paths.runDir, request.log);
      outcome = await applyCandidates(request, found.candidates, await target());
    }
    const results = combineResults(outcome, found.unreadable);
    const report: SyncReport = {
      results,
      summary: summarize(results),
      durationMs: Math.round(performance.now() - started),
      mode,
      candidates: found.candidates.length,
      scanned: found.scanned,
      skipped: found.skipped,
    };
    return { kind: 'done', report, exitCode: exitCodeOf(results) };
  } finally {
    await monitor?.release();
    if (lock.kind === 'held') await lock.lock.release();
  }
}

interface Found {
  candidates: SyncCandidate[];
  unreadable: UnreadableDir[];
  scanned: number;
  skipped: number;
}

async function findCandidates(request: SyncRequest, target: () => Promise<StoreTarget>): Promise<Found> {
  const { config, plan } = request;
  if (plan.kind === 'diff') {
    // A config that differs across the range may have moved the docs scope: files that did not
    // change can have become docs (or stopped being docs), which no diff names. Only a full scan is right then.
    // Both diffs at once (a hook's sync waits for them): the candidates are dropped in the rare case the config changed.
    const [configChanged, candidates] = await Promise.all([configChangedIn(config.root, plan.range), sinceCandidates(config, plan.range)]);
    if (!configChanged) return { candidates, unreadable: [], scanned: 0, skipped: 0 };
    request.log(messages.sync.configChangedInRange);
  }
  const stored = await readStoredStats(await target());
  return scanCandidates(config, stored, { fastPath: plan.kind === 'diff' || plan.fastPath });
}

/**
 * Everything goes through the executor: batches, paths on stdin, retries with backoff; the children under the sync's
 * config. A large sync runs two executors side by side on disjoint paths (sync-lanes.ts).
 */
async function applyCandidates(request: SyncRequest, candidates: SyncCandidate[], target: StoreTarget): Promise<SubmitOutcome> {
  const { config } = request;
  // The children read the namespace from the pinned config rather than each asking git again.
  const store = target.kind === 'postgres' ? { ...config.store, project: target.project } : config.store;
  const pinned = pinSyncConfig(runtimePaths(config.root).runDir, { ...config, store }, request.log);
  const lanes = syncLanes(candidates.map(({ path, deleted }) => ({ path, deleted })));
  const executors = lanes.map(() => createExecutor({ config, log: request.executorLog ?? (() => {}), env: pinned.env }));
  const bar = request.progress ? createProgressBar(candidates.length) : null;
  const ticker = bar === null ? null : setInterval(() => bar.update(executors.reduce((sum, executor) => sum + filesDone(executor.stats().files), 0)), 200);
  // An interrupted sync stops its children (each executor kills its process group) and reports what was done.
  const stop = () => void Promise.all(executors.map((executor) => executor.stop()));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return mergeOutcomes(await Promise.all(executors.map((executor, i) => executor.submit(lanes[i]!))), candidates);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    if (ticker !== null) clearInterval(ticker);
    bar?.finish();
    await Promise.all(executors.map((executor) => executor.stop()));
    pinned.release();
  }
}

function filesDone(files: Record<string, number>): number {
  let done = 0;
  for (const count of Object.values(files)) done += count;
  return done;
}
