import { spawn } from 'node:child_process';
import { ownBin } from '../paths/own-bin.js';

export interface HeimdallRun {
  readonly pid: number | undefined;
  /** Settles when the child exited (or could not start: code null, error set). */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; error?: Error }>;
  kill(signal?: NodeJS.Signals): void;
}

const maxStdout = 8 * 1024 * 1024;
const maxStderr = 16 * 1024;

/**
 * Runs `heimdall ARGS` with the current node and no V8 flags of ours (the child is a
 * short-lived CLI, not the monitor). No shell. stdout is kept up to 8 MB (JSON
 * reports), stderr's last 16 KB (the reason of a failure). The child gets its own
 * process group so that a kill reaches whatever it spawned too.
 */
export function runHeimdall(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): HeimdallRun {
  const child = spawn(process.execPath, [ownBin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
    detached: true,
    shell: false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    if (stdout.length < maxStdout) stdout += chunk;
  });
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-maxStderr);
  });
  const kill = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const timer = options.timeoutMs === undefined ? null : setTimeout(() => kill('SIGKILL'), options.timeoutMs);
  const done = new Promise<Awaited<HeimdallRun['done']>>((resolve) => {
    child.once('error', (error) => {
      if (timer) clearTimeout(timer);
      resolve({ code: null, signal: null, stdout, stderr, error });
    });
    child.once('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { pid: child.pid, done, kill };
}
