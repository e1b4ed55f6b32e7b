import type { ErrorCode } from '../contract/error-code.js';
import type { FailureEntry } from '../contract/executor-stats.js';
import type { FileResult } from '../contract/load-report.js';
import { messages } from '../errors/messages.js';
import { backoffDelay } from './backoff-delay.js';
import { classifyCall, type CallVerdict } from './classify-call.js';
import { createCallStarter } from './call-starter.js';
import { loadRemoves, type CommandKind } from './command-argv.js';
import type { Candidate, Executor, ExecutorOptions } from './executor-types.js';
import { createPendingPaths, type Batch, type Entry } from './pending-paths.js';
import type { Supervised } from '../process/spawn-supervised.js';
import { defaultKillGraceMs } from '../process/terminator.js';
import { createStatsRecorder } from './stats-recorder.js';
import { createSubmitQueue, type Settlement, type Waiter } from './submit-queue.js';


/**
 * The one way heavy work leaves a process: changed paths, merged per path, go in batches to the remove and load
 * commands (one subprocess per batch, paths NUL-separated on stdin), one call at a time, supervised: retries with
 * backoff, deadlines, whole-group kills. Never rejects; stop() cancels what has not run.
 */
export function createExecutor(options: ExecutorOptions): Executor {
  const { config } = options;
  const policy = config.executor.retry;
  const log = options.log ?? (() => {});
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const killGraceMs = options.killGraceMs ?? defaultKillGraceMs;
  const starter = createCallStarter({ config, env: options.env, killGraceMs, warmStart: options.warmStart === true, warmIdleMs: options.warmIdleMs ?? 60_000 });
  const stats = createStatsRecorder();
  const submits = createSubmitQueue();
  const pending = createPendingPaths();
  const failures = new Map<string, FailureEntry>();
  const reportedConfigErrors = new Set<string>();
  let queuedInBatch = 0;
  let current: { call: Supervised; size: number } | null = null;
  let draining: Promise<void> | null = null;
  let stopping = false;
  let stopped: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  const iso = () => new Date(now()).toISOString();

  const settleEntry = (entry: Entry, settlement: Settlement): void => {
    for (const waiter of entry.waiters) submits.settle(waiter, entry.path, settlement);
  };

  const fail = (entry: Entry, code: ErrorCode, message: string, permanent: boolean, result: FileResult | null, keep: boolean): void => {
    const failure: FailureEntry = { path: entry.path, code, message, at: iso(), attempts: entry.attempts, permanent };
    if (keep) failures.set(entry.path, failure);
    settleEntry(entry, { kind: 'failed', entry: failure, result });
  };

  /** Applies one call's verdict; returns the entries to try again. */
  const apply = (verdict: CallVerdict, entries: Entry[], argvText: string): Entry[] => {
    if (verdict.kind === 'config-error') {
      stats.counters.configErrors++;
      stats.error(iso(), verdict.message);
      if (!reportedConfigErrors.has(argvText)) log(`executor: ${verdict.message}`);
      reportedConfigErrors.add(argvText);
      for (const entry of entries) fail(entry, 'executor-config', verdict.message, false, null, false);
      return [];
    }
    reportedConfigErrors.delete(argvText);
    if (verdict.timedOut) stats.counters.timeouts++;
    if (verdict.failed && verdict.report === null) stats.error(iso(), verdict.outcome);
    if (verdict.report !== null) {
      for (const result of verdict.report.results) stats.file(result.action);
      const own = new Map<Waiter, FileResult[]>();
      for (const entry of entries) {
        const result = verdict.verdicts.get(entry.path)?.result ?? null;
        if (result === null) continue;
        for (const waiter of entry.waiters) {
          const list = own.get(waiter);
          if (list === undefined) own.set(waiter, [result]);
          else list.push(result);
        }
      }
      for (const [waiter, results] of own) submits.report(waiter, results, verdict.report.durationMs);
    }
    const retry: Entry[] = [];
    for (const entry of entries) {
      const v = verdict.verdicts.get(entry.path)!;
      if (v.kind === 'done') {
        failures.delete(entry.path);
        if (v.result.from !== undefined) failures.delete(v.result.from);
        settleEntry(entry, { kind: 'applied', result: v.result });
      } else if (v.kind === 'permanent') {
        stats.counters.permanentFailures++;
        stats.error(iso(), `${entry.path}: ${v.error.message}`);
        fail(entry, v.error.code, v.error.message, true, v.result, true);
      } else if (stopping) {
        settleEntry(entry, { kind: 'cancelled' });
      } else if (entry.attempts >= policy.attempts) {
        const message = messages.executor.exhausted(entry.attempts, v.message);
        stats.counters.exhausted++;
        stats.error(iso(), `${entry.path}: ${message}`);
        fail(entry, 'temporary-exhausted', message, false, v.result, true);
      } else {
        retry.push(entry);
      }
    }
    return retry;
  };

  const runCall = async (kind: CommandKind, entries: Entry[]): Promise<Entry[]> => {
    for (const entry of entries) entry.attempts++;
    stats.counters.calls++;
    const started = now();
    const paths = entries.map((entry) => entry.path);
    const { call, argv, argvText, startedAhead } = starter.start(kind, paths);
    queuedInBatch -= entries.length;
    current = { call, size: entries.length };
    const end = await call.done;
    current = null;
    if (!stopping) starter.ended();
    const durationMs = Math.max(0, now() - started);
    stats.duration(durationMs);
    const verdict = classifyCall(end, paths, argv);
    log(`executor: ${kind} ${entries.length} path(s) in ${durationMs} ms${startedAhead ? ' (child started ahead)' : ''}: ${verdict.outcome}; command: ${argvText}`);
    const stderr = end.kind === 'exited' ? end.stderrTail.trimEnd() : '';
    if (stderr !== '' && (verdict.kind === 'config-error' || verdict.failed)) {
      for (const line of stderr.split('\n')) log(`executor:   | ${line}`);
    }
    return apply(verdict, entries, argvText);
  };

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
      wake = done;
      if (options.sleep) options.sleep(ms).then(done, done);
      else timer = setTimeout(done, ms);
    });

  const together = loadRemoves(config);
  const runBatch = async (batch: Batch): Promise<Entry[]> => {
    const retry: Entry[] = [];
    // Removals first: a rename then ends with the new path loaded whatever the order of events was (one `load`
    // call applies its removals first too, load/reconcile-paths.ts).
    const calls: [CommandKind, Entry[]][] = together ? [['load', [...batch.remove, ...batch.load]]] : [['remove', batch.remove], ['load', batch.load]];
    for (const [kind, entries] of calls) {
      if (entries.length === 0) continue;
      if (stopping) {
        for (const entry of entries) settleEntry(entry, { kind: 'cancelled' });
        queuedInBatch -= entries.length;
      } else retry.push(...(await runCall(kind, entries)));
    }
    return retry;
  };

  // A bug of ours must not leave submits waiting forever: the batch's unsettled paths fail (settling is idempotent).
  const internalError = (error: unknown, entries: Entry[]): void => {
    const message = messages.executor.internal(error instanceof Error ? error.message : String(error));
    stats.error(iso(), message);
    log(`executor: ${error instanceof Error ? (error.stack ?? message) : message}`);
    for (const entry of entries) fail(entry, 'internal', message, false, null, false);
    queuedInBatch = 0;
    current = null;
  };

  const drain = async (): Promise<void> => {
    while (!stopping && pending.size > 0) {
      const batch = pending.take(config.executor.batchSize, together);
      queuedInBatch = batch.remove.length + batch.load.length;
      let retry: Entry[] = [];
      try {
        retry = await runBatch(batch);
      } catch (error) {
        internalError(error, [...batch.remove, ...batch.load]);
      }
      submits.flush();
      if (retry.length === 0 || stopping) continue;
      for (const entry of retry) pending.requeue(entry);
      const attempt = retry.reduce((max, entry) => Math.max(max, entry.attempts), 0);
      const delayMs = backoffDelay(policy, attempt, random);
      stats.counters.retries++;
      stats.counters.retriedPaths += retry.length;
      log(`executor: ${messages.executor.retry(retry.length, attempt, policy.attempts, delayMs)}`);
      // Paths submitted meanwhile wait too and join the retry batch: a temporary failure is usually the store
      // being busy for everyone, and one call with all of them is cheaper than racing it.
      await pause(delayMs);
    }
    if (stopping) {
      for (const entry of pending.takeAll()) settleEntry(entry, { kind: 'cancelled' });
      submits.flush();
    }
  };

  const kick = (): void => {
    if (draining !== null) return;
    // Started on a later tick so that submits made in the same tick share one batch.
    draining = Promise.resolve()
      .then(drain)
      .catch((error: unknown) => internalError(error, []))
      .finally(() => {
        draining = null;
        if (pending.size > 0) kick();
      });
  };

  return {
    submit(candidates: Iterable<Candidate>) {
      const { waiter, promise } = submits.open();
      // Merged per path once, into the queue (pending-paths.ts): a batch the monitor merged already joins it as is.
      for (const { path, deleted } of candidates) {
        submits.expect(waiter, path);
        if (!stopping && validPath(path)) pending.add(path, deleted, waiter);
      }
      for (const path of waiter.order) {
        if (stopping) submits.settle(waiter, path, { kind: 'cancelled' });
        else if (!validPath(path)) fail({ path, deleted: false, attempts: 0, waiters: [waiter] }, 'invalid-path', messages.executor.invalidPath(path), true, null, false);
      }
      submits.flush();
      if (!stopping && pending.size > 0) kick();
      return promise;
    },
    get pending() {
      return pending.size + queuedInBatch;
    },
    get inFlight() {
      return current?.size ?? 0;
    },
    stats: () => stats.snapshot(),
    failures: () => [...failures.values()].map((entry) => ({ ...entry })),
    stop(graceMs = defaultKillGraceMs) {
      if (stopped !== null) return stopped;
      stopping = true;
      wake?.();
      stopped = (async () => {
        await Promise.all([starter.stop(graceMs), current?.call.terminate(graceMs)]);
        if (draining !== null) await draining;
        submits.flush();
      })();
      return stopped;
    },
  };
}

function validPath(path: unknown): boolean {
  return typeof path === 'string' && path !== '' && !path.includes('\0');
}
