import type { HeimdallConfig } from '../config/config-types.js';
import { createExecutorSlot } from './executor-slot.js';
import { createDocsMatcher, docsScopeKey, type DocsMatcher } from '../paths/docs-matcher.js';
import { createAppliedLedger } from './applied-ledger.js';
import { createCanaryTracker } from './canary-tracker.js';
import { createCatchUpOwed } from './catch-up-owed.js';
import { runCatchUpSync } from './catch-up-sync.js';
import { configDelta, createConfigReload } from './config-reload.js';
import { createHeartbeat } from './heartbeat.js';
import type { Monitor, MonitorEnd, MonitorOptions } from './monitor-types.js';
import type { MonitorStatus } from '../contract/monitor-status.js';
import { createJobRunner } from './job-runner.js';
import { enterPhase, watchRootOf, type MonitorState } from './monitor-state.js';
import { monitorStatusOf } from './monitor-status-of.js';
import { collectGarbage, countForCollection } from './collect-garbage.js';
import { describeBatch } from './describe-batch.js';
import { flushBackend } from './flush-backend.js';
import { createPendingChanges } from './pending-changes.js';
import { createReconnectLoop } from './reconnect-loop.js';
import { controlFilePrefix } from './control-file-prefix.js';
import { BackendPoisonedError } from '../errors/backend-unavailable-error.js';
import type { WatchEvent } from './watch-event.js';

export function createMonitor(options: MonitorOptions): Monitor {
  const { root, runDir, backend, log } = options;
  let config = options.config;
  let matcher: DocsMatcher = createDocsMatcher(config);
  const executors = createExecutorSlot(options.createExecutor(config));
  const canaryPrefix = controlFilePrefix(options.controlDir);
  const startedAt = new Date().toISOString();
  let state: MonitorState = { phase: 'starting' };
  const stopping = () => state.phase === 'stopping';
  const counters = { events: 0, batches: 0, syncs: 0 };
  let lastError: MonitorStatus['lastError'] = null;
  const jobs = createJobRunner();
  let due = false;
  const canaries = createCanaryTracker();
  let endedResolve!: (end: MonitorEnd) => void;
  const ended = new Promise<MonitorEnd>((resolve) => (endedResolve = resolve));

  const pending = createPendingChanges(config.monitoring, () => {
    due = true;
    pump();
  });
  const now = () => new Date().toISOString();
  const fail = (message: string) => {
    lastError = { at: now(), message };
    log(message);
  };
  const catchUp = createCatchUpOwed(() => (options.catchUp ?? runCatchUpSync)(root), log, () => pump());
  const ledger = createAppliedLedger({
    runDir,
    catchUp,
    reloadOwed: () => reload.owed(),
    degraded: () => heartbeat.degraded,
    busy: () => jobs.current !== null || pending.size > 0,
    clockTarget: () => {
      const watchRoot = watchRootOf(state);
      return watchRoot !== null && backend.kind === 'watchman' ? { watchRoot, scope: docsScopeKey(config.monitoring) } : null;
    },
    fail,
  });
  const poisoned = (error: BackendPoisonedError) => {
    if (!stopping()) endedResolve({ type: 'fallback', reason: error.message });
  };
  const reconnects = createReconnectLoop({
    backend,
    onEvent: (event) => onEvent(event),
    since: () => ledger.since,
    stopping,
    watching: (watchRoot) => {
      state = { phase: 'watching', watchRoot };
      heartbeat.resubscribed();
    },
    held: () => endedResolve({ type: 'taken-over', reason: 'another monitor took over' }),
    poisoned,
    fail,
    log,
  });
  const lost = (reason: string) => {
    fail(`${backend.kind}: ${reason}; reconnecting`);
    state = enterPhase(state, 'reconnecting');
    reconnects.schedule();
  };
  const heartbeat = createHeartbeat({
    dir: runDir,
    intervalS: () => config.monitoring.heartbeatS,
    canaries,
    backend,
    watching: () => state.phase === 'watching',
    // Owed at once (no waiter released, no clock saved), run once the watcher delivers again (see pump).
    missed: (reason) => {
      ledger.oweCatchUp();
      lost(reason);
    },
    recovered: () => pump(),
    poisoned,
    log,
  });
  const reload = createConfigReload({
    file: options.configFile,
    read: options.readConfig,
    apply: (next) => applyConfig(next),
    settleMs: () => config.monitoring.settleMs,
    log,
    failed: (message) => (lastError = { at: now(), message }),
    settled: () => pump(),
  });

  const pump = (): void => {
    if (jobs.current !== null || stopping()) return;
    // Not while the watcher misses its heartbeat: a sync then would miss what changes after it.
    const owed = heartbeat.degraded === null ? catchUp.due() : null;
    if (owed !== null) {
      counters.syncs++;
      jobs.run({ kind: 'catch-up' }, () => catchUp.run(owed), (ok) => {
        if (stopping()) return;
        if (ok) {
          ledger.applied(owed);
          collectGarbage();
        } else if (catchUp.state.state === 'retrying') {
          lastError = { at: now(), message: `catch-up failed: ${catchUp.state.error}` };
        }
        pump();
      });
      return;
    }
    if (!due || pending.size === 0) {
      ledger.settle();
      return;
    }
    due = false;
    const executor = executors.forBatch();
    const point = ledger.point();
    const batch = pending.take();
    counters.batches++;
    log(describeBatch(batch));
    // The executor never rejects; a batch's failures stay in its failures() for `monitor status`.
    jobs.run({ kind: 'batch' }, () => executor.submit(batch), (outcome) => {
      if (outcome.failed.length > 0) log(`batch: ${outcome.failed.length} of ${batch.length} path(s) failed (see monitor status)`);
      // Paths the executor gave up on after its retries (a store busy for long, a broken command)
      // are not applied: owe a full sync, retried with growing delays. Until it succeeds the clock
      // is not saved and `wait` does not claim success, so no change is lost, even across a restart.
      if (outcome.failed.some((failure) => !failure.permanent)) {
        log(`batch: ${outcome.failed.filter((failure) => !failure.permanent).length} path(s) still owed: a full sync will reconcile them`);
        catchUp.owe(point);
      }
      if (outcome.cancelled.length === 0) ledger.applied(point);
      pump();
      if (jobs.current === null) collectGarbage();
    });
  };

  const onEvent = (event: WatchEvent): void => {
    if (stopping()) return;
    switch (event.type) {
      case 'change':
        if (event.path === options.configFile) {
          // Counted as received: `monitor wait` now also waits for the reload (and the catch-up it may owe).
          ledger.received();
          reload.request('changed');
        } else if (event.path.startsWith(canaryPrefix)) {
          if (event.exists) canaries.saw(event.path.slice(canaryPrefix.length));
        } else if (matcher.isDocs(event.path)) {
          counters.events++;
          ledger.received();
          pending.add(event.path, event.exists);
        }
        countForCollection(1);
        return;
      case 'clock':
        ledger.clock(event.clock);
        ledger.settle();
        return;
      case 'fresh-instance':
        ledger.clock(event.clock);
        ledger.oweCatchUp();
        pump();
        return;
      case 'error':
        fail(event.error.message);
        return;
      case 'end':
        // During start(), its rejection reports the problem.
        if (state.phase !== 'starting') lost(event.reason);
        return;
    }
  };

  const applyConfig = async (next: HeimdallConfig): Promise<void> => {
    const { scopeChanged, executorChanged } = configDelta(config, next);
    config = next;
    options.onConfigApplied?.(next);
    pending.configure(next.monitoring);
    matcher = createDocsMatcher(next);
    // The running batch keeps its executor; the next batch uses the new one.
    if (executorChanged) executors.replace(options.createExecutor(next));
    log(`config reloaded${scopeChanged ? ' (the docs scope changed: resubscribing and catching up)' : ''}${executorChanged ? ' (new executor settings)' : ''}`);
    if (!scopeChanged) return;
    // Owed before the first await: no waiter may be released in between. The full sync adds the
    // new scope's docs and removes what is no longer docs; it covers the pending paths too, some of
    // which the new scope may not call docs (a load would refuse them).
    ledger.oweCatchUp();
    pending.take();
    backend.reconfigure(next.monitoring);
    state = enterPhase(state, 'reconnecting');
    await reconnects.now();
    pump();
  };

  return {
    kind: backend.kind,
    ended,
    onEvent,
    start: async (since) => {
      const started = await backend.start(since, onEvent);
      if (started.type === 'watching') {
        state = { phase: 'watching', watchRoot: started.watchRoot };
        heartbeat.start();
      }
      return started;
    },
    status: () =>
      monitorStatusOf({
        root, startedAt, state, backend, executor: executors.current, pending: pending.size, ledger, catchUp: catchUp.state, lastError,
        monitor: { ...counters, reconnects: reconnects.count },
        monitoring: config.monitoring, config: reload.state, heartbeat, fallback: options.fallback ?? null,
      }),
    waitApplied: async (timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      const flushed = await flushBackend(backend, deadline, stopping);
      if (!flushed.ok) {
        if (flushed.error instanceof BackendPoisonedError) poisoned(flushed.error);
        return { ok: false, reason: `the ${backend.kind} backend could not be flushed: ${flushed.error.message}` };
      }
      return ledger.wait(deadline - Date.now());
    },
    canary: (token, timeoutMs) => canaries.wait(token, timeoutMs),
    requestReload: (cause) => reload.request(cause),
    stop: async (graceMs) => {
      state = enterPhase(state, 'stopping');
      pending.cancel();
      reconnects.stop();
      heartbeat.stop();
      await backend.stop();
      // The running batch (or catch-up) may finish within the grace period; it is killed otherwise,
      // and its changes stay unapplied: the saved clock does not cover them, so the next start redoes them.
      await jobs.settle(graceMs);
      catchUp.stop();
      reload.stop();
      await executors.stop();
      canaries.cancel();
      ledger.cancel('the monitor stopped');
    },
  };
}
