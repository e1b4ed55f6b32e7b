import { runtimePaths } from '../config/runtime-paths.js';
import { queryLock } from '../lock/process-lock.js';
import { processAlive, processIdentity, signalProcess } from '../process/process-alive.js';
import { createTerminator } from '../process/terminator.js';

export interface StopOptions {
  root: string;
  /** SIGTERM-to-SIGKILL grace. */
  graceMs: number;
}

/** How a `monitor stop` ended: `killed` when it took SIGKILL after the grace. */
export type StopOutcome = { kind: 'not-running' } | { kind: 'stopped'; pid: number; killed: boolean } | { kind: 'still-running'; pid: number };

// A SIGKILLed monitor still has to be reaped and its lock freed by the kernel.
const afterKillWaitMs = 5000;

/**
 * `monitor stop`: SIGTERM, then SIGKILL after the grace period; returns once the
 * process is gone and the lock is free. The pid comes from the lock's holder, which
 * answers only while it lives, and its start time is taken at once, so a recycled pid
 * is never signalled. The monitor alone is signalled, not its group: a foreground
 * `heimdall watch` shares the group of the shell that started it.
 */
export async function stopMonitor(options: StopOptions): Promise<StopOutcome> {
  const { root } = options;
  const { runDir } = runtimePaths(root);
  const holder = await queryLock(root, 'monitor', runDir);
  if (holder === null) return { kind: 'not-running' };
  const { pid } = holder;
  const identity = processIdentity(pid);
  // Gone means both: the process, and its hold on the lock. While it holds the lock it is our monitor:
  // SIGKILL it then (its children notice and stop themselves).
  const monitor = createTerminator(
    {
      signal: (name) => void signalProcess(pid, name),
      alive: async () => (await queryLock(root, 'monitor', runDir, 1000))?.pid === pid || processAlive(identity),
    },
    afterKillWaitMs,
  );
  return (await monitor.terminate(options.graceMs)) ? { kind: 'stopped', pid, killed: monitor.killed } : { kind: 'still-running', pid };
}
