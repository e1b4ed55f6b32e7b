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
import { createMonitorState, watchRootOf } from './monitor-state.js';
import { monitorStatusOf } from './monitor-status-of.js';
import { flushBackend } from './flush-backend.js';
import { createJobPump } from './job-pump.js';
import { createPendingChanges } from './pending-changes.js';
import { createReconnectLoop } from './reconnect-loop.js';
import { controlFilePrefix } from './control-file-prefix.js';
import { createEventRouter } from './event-router.js';
import { BackendPoisonedError } from '../errors/backend-unavailable-error.js';

export function createMonitor(options: MonitorOptions): Monitor {
  const { root, runDir, backend, log } = options;
  let config = options.config;
  let matcher: DocsMatcher = createDocsMatcher(config);
  // The config the running (or last) job's children read; none yet: the first job pins whatever the caller wrote.
  let pinned: HeimdallConfig | null = null;
  const executors = createExecutorSlot(options.createExecutor(config));
  const startedAt = new Date().toISOString();
  const state = createMonitorState();
  const stopping = () => state.stopping;
  const counters = { events: 0, batches: 0, syncs: 0 };
  let lastError: MonitorStatus['lastError'] = null;
  const jobs = createJobRunner();
  const canaries = createCanaryTracker();
  let endedResolve!: (end: MonitorEnd) => void;
  const ended = new Promise<MonitorEnd>((resolve) => (endedResolve = resolve));

  const pending = createPendingChanges(config.monitoring, () => jobPump.due());
  const pump = () => jobPump.pump();
  const failed = (message: string) => (lastError = { at: new Date().toISOString(), message });
  const fail = (message: string) => {
    failed(message);
    log(message);
  };
  const catchUp = createCatchUpOwed(() => (options.catchUp ?? runCatchUpSync)(root), log, pump);
  const ledger = createAppliedLedger({
    runDir,
    catchUp,
    reloadOwed: () => reload.owed(),
    degraded: () => heartbeat.degraded,
    busy: () => jobs.current !== null || pending.size > 0,
    clockTarget: () => {
      const watchRoot = watchRootOf(state.current);
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
    state,
    resubscribed: () => heartbeat.resubscribed(),
    held: () => endedResolve({ type: 'taken-over', reason: 'another monitor took over' }),
    poisoned,
    fail,
    log,
  });
  const heartbeat = createHeartbeat({
    dir: runDir,
    intervalS: () => config.monitoring.heartbeatS,
    canaries,
    backend,
    watching: () => state.current.phase === 'watching',
    // Owed at once (no waiter released, no clock saved), run once the watcher delivers again (job-pump.ts).
    missed: (reason) => {
      ledger.oweCatchUp();
      reconnects.lost(reason);
    },
    recovered: pump,
    poisoned,
    log,
  });
  const reload = createConfigReload({
    file: options.configFile,
    read: options.readConfig,
    apply: (next) => applyConfig(next),
    settleMs: () => config.monitoring.settleMs,
    log,
    failed,
    settled: pump,
  });
  const jobPump = createJobPump({
    jobs,
    stopping,
    degraded: () => heartbeat.degraded !== null,
    catchUp,
    ledger,
    pending,
    executor: () => executors.forBatch(),
    pin: () => {
      if (pinned === config) return;
      pinned = config;
      options.pinConfig?.(config);
    },
    counters,
    failed,
    log,
  });

  const onEvent = createEventRouter({
    phase: () => state.current.phase,
    configFile: options.configFile,
    canaryPrefix: controlFilePrefix(options.controlDir),
    isDocs: (path) => matcher.isDocs(path),
    ledger,
    reload: () => reload.request('changed'),
    canary: (token) => canaries.saw(token),
    change: (path, exists) => {
      counters.events++;
      pending.add(path, exists);
    },
    pump,
    fail,
    lost: (reason) => reconnects.lost(reason),
  });

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
        state.enter({ phase: 'watching', watchRoot: started.watchRoot });
        heartbeat.start();
      }
      return started;
    },
    status: () =>
      monitorStatusOf({
        root, startedAt, state: state.current, backend, executor: executors.current, pending: pending.size, ledger, catchUp: catchUp.state, lastError,
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
      // Cancels a reconnect timer too.
      state.enter({ phase: 'stopping', watchRoot: watchRootOf(state.current) });
      pending.cancel();
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
