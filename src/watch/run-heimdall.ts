import { ownBin } from '../paths/own-bin.js';
import { spawnSupervised } from '../process/spawn-supervised.js';

export interface HeimdallRun {
  readonly pid: number | undefined;
  /** Settles when the child exited (or could not start: code null, error set). */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; error?: Error }>;
  /** SIGTERM its process group, SIGKILL after the grace period. */
  kill(): void;
}

const maxStdout = 8 * 1024 * 1024;
const maxStderr = 16 * 1024;

/**
 * Runs `heimdall ARGS` with the current node and no V8 flags of ours (the child is a
 * short-lived CLI, not the monitor), supervised like every child (spawn-supervised.ts):
 * its own process group, so that a kill reaches whatever it spawned too, registered with
 * the exit hook. No shell. stdout is kept up to 8 MB (JSON reports), stderr's last 16 KB
 * (the reason of a failure).
 */
export function runHeimdall(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): HeimdallRun {
  const child = spawnSupervised([process.execPath, ownBin, ...args], {
    env: options.env ?? process.env,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    maxStdoutBytes: maxStdout,
    stderrTailBytes: maxStderr,
  });
  const done = child.done.then((end) => {
    if (end.kind === 'spawn-error') return { code: null, signal: null, stdout: '', stderr: '', error: new Error(end.message) };
    return { code: end.exitCode, signal: end.signal, stdout: end.stdout ?? '', stderr: end.stderrTail };
  });
  return { pid: child.pid, done, kill: () => void child.terminate() };
}
