import { ExitCode } from '../contract/exit-code.js';
import { runtimePaths } from '../config/runtime-paths.js';
import { messages } from '../errors/messages.js';
import { queryLock } from '../lock/process-lock.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { processAlive } from './process-alive.js';

export interface StopOptions {
  root: string;
  /** SIGTERM-to-SIGKILL grace. */
  graceMs: number;
  json: boolean;
}

/**
 * `monitor stop`: SIGTERM, then SIGKILL after the grace period; returns once the
 * process is gone and the lock is free. The pid comes from the lock's holder, which
 * answers only while it lives, so a recycled pid is never signalled.
 */
export async function stopMonitor(options: StopOptions): Promise<number> {
  const { root } = options;
  const { runDir } = runtimePaths(root);
  const holder = await queryLock(root, 'monitor', runDir);
  const print = (value: Record<string, unknown>, text: string) =>
    process.stdout.write(options.json ? `${JSON.stringify(value)}\n` : `${text}\n`);
  if (holder === null) {
    print({ stopped: false, running: false, root }, messages.monitorNotRunning(root));
    return ExitCode.ok;
  }
  const { pid } = holder;
  signal(pid, 'SIGTERM');
  const gone = async (deadline: number): Promise<boolean> => {
    for (;;) {
      const lockFree = (await queryLock(root, 'monitor', runDir, 1000))?.pid !== pid;
      if (lockFree && !processAlive(pid)) return true;
      if (Date.now() > deadline) return false;
      await sleep(50);
    }
  };
  if (await gone(Date.now() + options.graceMs)) {
    print({ stopped: true, pid, killed: false, root }, messages.watch.stopped(pid));
    return ExitCode.ok;
  }
  // Still the holder? Then it is still our monitor: SIGKILL it. Its children notice and stop themselves.
  if ((await queryLock(root, 'monitor', runDir, 1000))?.pid === pid || processAlive(pid)) signal(pid, 'SIGKILL');
  if (await gone(Date.now() + 5000)) {
    print({ stopped: true, pid, killed: true, root }, messages.watch.stopKilled(pid, Math.round(options.graceMs / 1000)));
    return ExitCode.ok;
  }
  process.stderr.write(`heimdall: ${messages.watch.stopFailed(pid)}\n`);
  return ExitCode.failure;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
