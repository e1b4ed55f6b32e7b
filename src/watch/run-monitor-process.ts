import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../contract/exit-code.js';
import type { HeimdallConfig } from '../config/config-types.js';
import { configSnapshotVariable, updateConfigSnapshot, writeConfigSnapshot } from '../config/config-snapshot.js';
import { runtimePaths } from '../config/runtime-paths.js';
import type { BackendFallback, StartingStatus } from '../contract/monitor-status.js';
import { messages } from '../errors/messages.js';
import { createExecutor } from '../executor/create-executor.js';
import { killAllChildrenSync } from '../process/kill-all-children-sync.js';
import { acquireLock } from '../lock/process-lock.js';
import { docsScopeKey } from '../paths/docs-matcher.js';
import { toPosix } from '../paths/project-path.js';
import { readAppliedClock } from './applied-clock.js';
import { listenControl, type ControlHandlers, type ControlServer } from './control-socket.js';
import { runCatchUpSync } from './catch-up-sync.js';
import { createMonitor } from './create-monitor.js';
import type { Monitor } from './monitor-types.js';
import type { MonitorLog } from './monitor-log.js';
import { createNodeBackend } from './node-backend.js';
import { readMonitorConfig } from './read-monitor-config.js';
import { BackendPoisonedError, BackendUnavailableError } from '../errors/backend-unavailable-error.js';
import type { WatchBackend } from './watch-backend.js';
import { createWatchmanBackend } from './watchman-backend.js';

export type BackendChoice = 'auto' | 'watchman' | 'node';

const stopGraceMs = 5000;

/**
 * One monitor process from start to exit: config, the singleton (the process lock
 * always; the Watchman state too when Watchman is the backend, so that either backend
 * excludes the other), the control socket, the backend (Watchman, else the Node
 * fallback with a one-line warning), signals. Returns the exit code.
 */
export async function runMonitorProcess(options: { root: string; backend: BackendChoice; log: MonitorLog }): Promise<number> {
  const { root, log } = options;
  const paths = runtimePaths(root);
  mkdirSync(paths.runDir, { recursive: true });
  const controlDir = toPosix(path.relative(root, paths.runDir));
  const configFile = toPosix(path.relative(root, paths.configFile));

  // The lock first: a second monitor leaves at once, before it spends a subprocess on the config.
  const acquired = await acquireLock(root, 'monitor', paths.runDir);
  if (!acquired.acquired) {
    log.line(`heimdall: ${messages.monitorRunning(acquired.holder?.pid ?? lockFilePid(paths.runDir), root)}`);
    return ExitCode.monitorConflict;
  }
  const lock = acquired.lock;
  let monitor: Monitor | null = null;
  lock.setInfo(() => monitor?.status() ?? startingStatus(root));
  const signals = trapSignals(log);
  let control: ControlServer | null = null;
  // Its children work under the config it runs (see config-snapshot.ts), rewritten at the start of the first job
  // after a reload: a job's children all read the config it started under.
  const snapshotFile = path.join(paths.runDir, 'config.json');
  try {
    const config = await readMonitorConfig(root);
    log.configure(config.logging);
    writeConfigSnapshot(snapshotFile, config);
    const childEnv = { [configSnapshotVariable]: snapshotFile };
    // The config last applied: a monitor made later (the switch to the Node backend) starts from it, not from the
    // one read at start, or a reload before the switch would be undone (the old scope watched again).
    let applied = config;
    control = await listenControl(root, paths.runDir, controlHandlers(() => monitor, root));
    const make = (kind: 'watchman' | 'node', fallback?: BackendFallback): Monitor => {
      const backendOptions = { root, monitoring: applied.monitoring, controlDir, configFile, log: log.line };
      const backend: WatchBackend = kind === 'watchman' ? createWatchmanBackend({ ...backendOptions, singleton: true }) : createNodeBackend(backendOptions);
      return createMonitor({
        root,
        runDir: paths.runDir,
        controlDir,
        config: applied,
        configFile,
        readConfig: () => readMonitorConfig(root),
        onConfigApplied: (next) => {
          applied = next;
          log.configure(next.logging);
        },
        pinConfig: (next) => {
          const problem = updateConfigSnapshot(snapshotFile, next);
          if (problem !== null) log.line(messages.watch.snapshotUnwritable(snapshotFile, problem));
        },
        backend,
        log: log.line,
        createExecutor: (next: HeimdallConfig) => createExecutor({ config: next, log: log.line, env: childEnv, warmStart: next.executor.warmStart }),
        catchUp: (projectRoot: string) => runCatchUpSync(projectRoot, { ...process.env, ...childEnv }),
        ...(fallback === undefined ? {} : { fallback }),
      });
    };

    monitor = make(options.backend === 'node' ? 'node' : 'watchman');
    let started;
    try {
      started = await monitor.start(monitor.kind === 'watchman' ? readAppliedClock(paths.runDir, null, docsScopeKey(config.monitoring)) : null);
    } catch (error) {
      if (!(error instanceof BackendUnavailableError)) throw error;
      if (options.backend === 'watchman') {
        log.line(`heimdall: ${messages.watch.watchmanRequired(error.message)}`);
        await monitor.stop(0);
        return ExitCode.failure;
      }
      log.line(messages.watch.fallback(error.message));
      await monitor.stop(0);
      monitor = make('node', fallbackOf(error));
      started = await monitor.start(null);
    }
    if (started.type === 'held') {
      log.line(`heimdall: ${messages.watch.heldInWatchman(root)}`);
      await monitor.stop(0);
      return ExitCode.monitorConflict;
    }
    log.line(`watching ${root} (backend ${monitor.kind}, watch root ${started.watchRoot}, pid ${process.pid})`);

    // The same reload as a change of the config file: coalesced, and covered by `monitor wait`.
    signals.onReload(() => monitor?.requestReload('SIGHUP'));
    for (;;) {
      const current: Monitor = monitor;
      const end = await Promise.race([signals.stopped.then((signal) => ({ type: 'signal' as const, reason: signal })), current.ended]);
      if (end.type !== 'fallback') {
        log.line(`stopping (${end.reason})`);
        await current.stop(stopGraceMs);
        return ExitCode.ok;
      }
      // Watchman was poisoned under the running monitor: the Node backend takes over, with a full reconcile.
      monitor = null;
      await current.stop(stopGraceMs);
      if (options.backend === 'watchman') {
        log.line(`heimdall: ${messages.watch.watchmanRequired(end.reason)}`);
        return ExitCode.failure;
      }
      log.line(messages.watch.fallbackNow(end.reason));
      monitor = make('node', fallbackOf(new BackendPoisonedError(end.reason)));
      await monitor.start(null);
      log.line(`watching ${root} (backend node, pid ${process.pid})`);
    }
  } finally {
    signals.release();
    rmSync(snapshotFile, { force: true });
    await control?.close();
    await lock.release();
    log.line('stopped');
  }
}

function startingStatus(root: string): StartingStatus {
  return { running: true, pid: process.pid, root, phase: 'starting' };
}

// Before the monitor exists (the config is still being read) only `status` (and, in tests, `modules`) is answered.
function controlHandlers(current: () => Monitor | null, root: string): ControlHandlers {
  const refuse = async (op: unknown) => ({ ok: false as const, error: current() === null ? messages.watch.starting : messages.watch.unknownRequest(op) });
  return {
    status: async () => ({ ok: true, status: current()?.status() ?? startingStatus(root) }),
    modules: async (request) =>
      process.env['HEIMDALL_DEBUG_MODULES'] === '1' ? { ok: true, modules: await (await import('./loaded-scripts.js')).loadedScripts() } : refuse(request.op),
    wait: async (request) => {
      const monitor = current();
      if (monitor === null) return refuse(request.op);
      const result = await monitor.waitApplied(request.timeoutMs);
      // Replaced meanwhile (the fallback to the Node backend): `monitor wait` asks again, its successor this time.
      // A turn of the event loop first: a wait that found Watchman poisoned returns before the switch begins.
      if (!result.ok) await new Promise((resolve) => setImmediate(resolve));
      return !result.ok && current() !== monitor ? { ok: false as const, error: messages.watch.switchingBackend } : { ...result };
    },
    canary: async (request) => {
      const monitor = current();
      return monitor === null ? refuse(request.op) : { ok: true, seen: await monitor.canary(request.token, request.timeoutMs) };
    },
    unknown: (request) => refuse(request.op),
  };
}

interface Signals {
  readonly stopped: Promise<string>;
  onReload(handler: () => void): void;
  release(): void;
}

/** SIGTERM/SIGINT stop (a second one exits at once, children killed); SIGHUP reloads the config. */
function trapSignals(log: MonitorLog): Signals {
  let resolveStopped!: (reason: string) => void;
  const stopped = new Promise<string>((resolve) => (resolveStopped = resolve));
  let stopping = false;
  let reload: (() => void) | null = null;
  const onStop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.line(`${signal} again: exiting now`);
      killAllChildrenSync();
      process.exit(ExitCode.failure);
    }
    stopping = true;
    resolveStopped(signal);
  };
  const onHup = () => reload?.();
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  process.on('SIGHUP', onHup);
  return {
    stopped,
    onReload: (handler) => {
      reload = handler;
    },
    release: () => {
      process.off('SIGTERM', onStop);
      process.off('SIGINT', onStop);
      process.off('SIGHUP', onHup);
    },
  };
}

function fallbackOf(error: BackendUnavailableError): BackendFallback {
  return { from: 'watchman', cause: error instanceof BackendPoisonedError ? 'poisoned' : 'unavailable', reason: error.message, at: new Date().toISOString() };
}

/** The informational lock file's pid, when the holder did not answer the lock query. */
function lockFilePid(runDir: string): number {
  try {
    const pid = (JSON.parse(readFileSync(path.join(runDir, 'monitor.lock'), 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : 0;
  } catch {
    return 0;
  }
}
