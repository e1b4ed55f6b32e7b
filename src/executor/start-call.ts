import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { registerChildGroup, unregisterChildGroup } from './kill-all-children-sync.js';
import { groupAlive } from './signal-group.js';
import { groupTerminator } from './terminate-group.js';

export interface CallSpec {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to the child's stdin, then stdin is closed. */
  input: string;
  timeoutMs: number;
  /** SIGTERM-to-SIGKILL grace at the deadline, and for members left in the group after the child exits. */
  killGraceMs: number;
}

export type CallEnd =
  /** `cwdMissing`: the working directory (the project root) is gone, which spawn also reports as ENOENT. */
  | { kind: 'spawn-error'; errno: string; message: string; cwdMissing: string | null }
  | {
      kind: 'exited';
      exitCode: number | null;
      signal: NodeJS.Signals | null;
      timedOut: boolean;
      /** Whether the group had to be SIGKILLed. */
      killed: boolean;
      /** null when the child wrote more than maxStdoutBytes (no valid report is that large). */
      stdout: string | null;
      stderrTail: string;
    };

export interface RunningCall {
  readonly done: Promise<CallEnd>;
  /** SIGTERM the child's group, SIGKILL after `graceMs`; resolves when the group is gone. */
  terminate(graceMs: number): Promise<void>;
}

const maxStdoutBytes = 64 * 1024 * 1024;
const stderrTailBytes = 4096;
// A child may exit while a descendant outside its group still holds the pipes open: stop waiting for EOF then.
const closeWaitMs = 2000;

/** Spawns one call in its own process group (detached: setsid), feeds stdin, collects output, enforces the deadline. */
export function startCall(spec: CallSpec): RunningCall {
  const [command, ...args] = spec.argv;
  let child: ChildProcess;
  try {
    child = spawn(command!, args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'], shell: false });
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code ?? 'EINVAL';
    return { done: Promise.resolve({ kind: 'spawn-error', errno, message: String(error), cwdMissing: existsSync(spec.cwd) ? null : spec.cwd }), terminate: async () => {} };
  }
  const pgid = child.pid;
  if (pgid === undefined) {
    // Spawning failed (ENOENT, EACCES...): only the 'error' event tells us why.
    const done = new Promise<CallEnd>((resolve) => {
      child.once('error', (error: NodeJS.ErrnoException) =>
        resolve({ kind: 'spawn-error', errno: error.code ?? 'UNKNOWN', message: error.message, cwdMissing: existsSync(spec.cwd) ? null : spec.cwd }),
      );
    });
    return { done, terminate: async () => {} };
  }
  registerChildGroup(pgid);
  const group = groupTerminator(pgid);
  let timedOut = false;

  const stdoutChunks: Buffer[] = [];
  let stdoutBytes = 0;
  child.stdout!.on('data', (chunk: Buffer) => {
    stdoutBytes += chunk.length;
    if (stdoutBytes <= maxStdoutBytes) stdoutChunks.push(chunk);
    else stdoutChunks.length = 0;
  });
  let stderrTail = Buffer.alloc(0);
  child.stderr!.on('data', (chunk: Buffer) => {
    const joined = Buffer.concat([stderrTail, chunk]);
    stderrTail = joined.length > stderrTailBytes ? joined.subarray(joined.length - stderrTailBytes) : joined;
  });
  // EPIPE when the child exits without reading all of its stdin: its exit status tells the story.
  child.stdin!.on('error', () => {});
  child.on('error', () => {});
  child.stdin!.end(spec.input);

  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = setTimeout(() => {
    timedOut = true;
    void group.terminate(spec.killGraceMs);
  }, spec.timeoutMs);

  const done = (async (): Promise<CallEnd> => {
    const { code, signal } = await exited;
    clearTimeout(deadline);
    // No orphans: whatever the child left behind in its group goes too.
    if (groupAlive(pgid)) await group.terminate(spec.killGraceMs);
    unregisterChildGroup(pgid);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, closeWaitMs)))]);
    clearTimeout(timer);
    child.stdout!.destroy();
    child.stderr!.destroy();
    return {
      kind: 'exited',
      exitCode: code,
      signal,
      timedOut,
      killed: group.killed,
      stdout: stdoutBytes > maxStdoutBytes ? null : Buffer.concat(stdoutChunks).toString('utf8'),
      stderrTail: stderrTail.toString('utf8'),
    };
  })();
  return { done, terminate: (graceMs) => group.terminate(graceMs) };
}
