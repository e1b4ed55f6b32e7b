import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExitCode } from '../contract/exit-code.js';
import { runtimePaths } from '../config/runtime-paths.js';
import { controlRequest } from './control-request.js';
import { findMonitor, pidOf, type MonitorPresence } from './find-monitor.js';
import { monitorNodeFlags } from './monitor-node-flags.js';
import type { BackendKind } from '../contract/monitor-status.js';
import { fileSize } from '../paths/file-size.js';
import { ownBin } from '../paths/own-bin.js';
import { spawnSupervised } from '../process/spawn-supervised.js';

export interface StartOptions {
  root: string;
  backend?: 'auto' | 'watchman' | 'node';
  /** How long to wait for the monitor to report watching. */
  timeoutMs: number;
}

/** How a `monitor start` ended; `reason` holds the monitor's own log lines since it was spawned. */
export type StartOutcome =
  | { kind: 'started'; pid: number; backend: BackendKind | null; logFile: string }
  /** Idempotent, as `systemctl start` is: the monitor the caller wants is there. */
  | { kind: 'already-running'; pid: number; backend: BackendKind | null; logFile: string }
  /** Another monitor of the project is still starting, or holds the lock without answering. */
  | { kind: 'conflict'; pid: number }
  /** It exited before it was watching: `exit` says how (`exit N`, `signal S`, or why it could not be spawned). */
  | { kind: 'exited'; exit: string; exitCode: number | null; logFile: string; reason: string }
  /** It did not report watching in time, and was stopped. */
  | { kind: 'timed-out'; logFile: string; reason: string };

export function monitorLogFile(root: string): string {
  return path.join(runtimePaths(root).logsDir, 'monitor.log');
}

/** V8 flags for the monitor: HEIMDALL_MONITOR_NODE_FLAGS overrides them (benchmarks; "none" for none). */
export function nodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  const override = env['HEIMDALL_MONITOR_NODE_FLAGS'];
  if (override === undefined) return [...monitorNodeFlags];
  return override === 'none' ? [] : override.split(/\s+/).filter(Boolean);
}

/**
 * `monitor start`: the monitor in its own session (setsid), output appended to
 * .heimdall/logs/monitor.log, which it rotates itself. Returns once the monitor says
 * it is watching; if it exits first, the reason is read back from the log.
 */
export async function startMonitor(options: StartOptions): Promise<StartOutcome> {
  const { root } = options;
  const logFile = monitorLogFile(root);
  const present = await settledMonitor(root, Date.now() + options.timeoutMs);
  if (present.kind === 'running') return { kind: 'already-running', pid: present.status.pid, backend: present.status.backend, logFile };
  if (present.kind !== 'absent') return { kind: 'conflict', pid: pidOf(present)! };
  mkdirSync(path.dirname(logFile), { recursive: true });
  const offset = fileSize(logFile) ?? 0;
  const stderrFd = openSync(logFile, 'a');
  const args = [...nodeFlags(), ownBin, 'watch', '--project-root', root, '--log-file', logFile];
  if (options.backend !== undefined && options.backend !== 'auto') args.push('--backend', options.backend);
  // outlive: the monitor stays out of our exit hook and does not keep this short-lived command alive.
  const child = spawnSupervised([process.execPath, ...args], { cwd: root, stdout: 'ignore', stderr: stderrFd, outlive: true });
  closeSync(stderrFd);
  let exit: string | null = null;
  let exitCode: number | null = null;
  void child.done.then((end) => {
    if (end.kind === 'spawn-error') exit = end.message;
    else {
      exitCode = end.exitCode;
      exit = end.exitCode !== null ? `exit ${end.exitCode}` : `signal ${end.signal}`;
    }
  });
  const pid = child.pid!;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (exit !== null) {
      // Another `monitor start` won the race for the singleton: its monitor is the one wanted.
      if (exitCode === ExitCode.monitorConflict) {
        const other = await settledMonitor(root, deadline);
        if (other.kind === 'running') return { kind: 'already-running', pid: other.status.pid, backend: other.status.backend, logFile };
      }
      return { kind: 'exited', exit, exitCode, logFile, reason: reasonFromLog(logFile, offset) };
    }
    const reply = await controlRequest(root, { op: 'status' }, 2000);
    const status = reply?.ok === true ? reply.status : null;
    if (status !== null && status.pid === pid && status.phase === 'watching') return { kind: 'started', pid, backend: status.backend, logFile };
    if (Date.now() > deadline) {
      // A monitor that cannot start in time is not left behind half-started: SIGTERM, SIGKILL after the grace.
      await child.terminate();
      return { kind: 'timed-out', logFile, reason: reasonFromLog(logFile, offset) };
    }
    await sleep(100);
  }
}

/**
 * The project's monitor once it is running or gone: one that is still starting (another
 * `monitor start` racing this one) is waited for until `deadline`, so that two starts both
 * end with the one monitor instead of one of them failing.
 */
async function settledMonitor(root: string, deadline: number): Promise<MonitorPresence> {
  for (;;) {
    const present = await findMonitor(root);
    if (present.kind === 'running' || present.kind === 'absent' || Date.now() > deadline) return present;
    await sleep(100);
  }
}

/** The lines the monitor wrote since `offset`: its error lines if any, else the last few. */
function reasonFromLog(file: string, offset: number): string {
  let text: string;
  try {
    text = readFileSync(file).subarray(offset).toString('utf8');
  } catch {
    return '';
  }
  // The monitor's own lines, not stack frames or what libraries printed.
  const lines = text.split('\n').filter((line) => /^\d{4}-\d\d-\d\dT\S+ \[\d+\] /.test(line));
  const errors = lines.filter((line) => /\] (heimdall|warning)|error/i.test(line));
  return (errors.length > 0 ? errors : lines).slice(-5).map((line) => `  ${line}`).join('\n');
}
