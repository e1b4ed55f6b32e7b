import type { ChildProcess, StdioOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { registerChildGroup, unregisterChildGroup } from './kill-all-children-sync.js';
import { groupAlive } from './signal-group.js';
import { createTerminator, defaultKillGraceMs, groupTerminator, type Terminator } from './terminator.js';

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed; without it stdin is /dev/null. */
  input?: string;
  /** 'pipe' (the default) collects it into the end; or 'ignore', or a file descriptor to write to. */
  stdout?: 'pipe' | 'ignore' | number;
  stderr?: 'pipe' | 'ignore' | number;
  /** SIGTERM at the deadline, SIGKILL `killGraceMs` later. No deadline without it. */
  timeoutMs?: number;
  /** SIGTERM-to-SIGKILL grace, at the deadline and for members left in the group after the child exits. */
  killGraceMs?: number;
  /**
   * true (the default): the child leads its own process group (detached: setsid), so that signals, the deadline
   * and the exit hook reach whatever it spawned, and a terminal's Ctrl-C does not hit it mid-transaction.
   * false: it stays in ours (a short git call, which Ctrl-C must still reach), and signals go to it alone.
   */
  ownGroup?: boolean;
  /** Meant to outlive this process (the detached monitor): left out of the exit hook, and not keeping us alive. */
  outlive?: boolean;
  /** Over this, `stdout` is null: no valid output is that large. Default 64 MB. */
  maxStdoutBytes?: number;
  /** How much of the end of stderr is kept. Default 4 KB. */
  stderrTailBytes?: number;
}

export type SpawnEnd =
  /** `cwdMissing`: the working directory is gone, which spawn also reports as ENOENT. */
  | { kind: 'spawn-error'; errno: string; message: string; cwdMissing: string | null }
  | {
      kind: 'exited';
      exitCode: number | null;
      signal: NodeJS.Signals | null;
      timedOut: boolean;
      /** Whether SIGKILL had to be sent. */
      killed: boolean;
      /** null when the child wrote more than maxStdoutBytes. */
      stdout: string | null;
      stderrTail: string;
    };

export interface Supervised {
  /** undefined when the spawn failed. */
  readonly pid: number | undefined;
  /** Settles once the child exited and nothing of its group is left (or it could not start). Never rejects. */
  readonly done: Promise<SpawnEnd>;
  /** SIGTERM the child (its group), SIGKILL after `graceMs`; resolves when it is gone. */
  terminate(graceMs?: number): Promise<void>;
}

/** A child started ahead of its work (spawnWaiting): its stdin open, no deadline yet. */
export interface WaitingChild extends Supervised {
  /** It exited already (then feeding it is pointless). */
  readonly exited: boolean;
  /** Writes `input` to its stdin and closes it, and starts its deadline from now (SIGTERM after `timeoutMs`). Once. */
  feed(input: string, timeoutMs?: number): void;
}

const defaultMaxStdoutBytes = 64 * 1024 * 1024;
const defaultStderrTailBytes = 4096;
// A child may exit while a descendant outside its group still holds the pipes open: stop waiting for EOF then.
const closeWaitMs = 2000;

/**
 * The one way heimdall starts a child process: its own process group, output collected, a deadline enforced
 * (SIGTERM, then SIGKILL after a grace period), leftovers of its group killed when it exits, and the group
 * registered with the exit hook that SIGKILLs every supervised group when this process exits. Node built-ins
 * only: the monitor uses it.
 */
export function spawnSupervised(argv: string[], options: SpawnOptions = {}): Supervised {
  return launch(argv, options, false);
}

/**
 * spawnSupervised for a child that pays its start-up before its work exists: its stdin stays open, and its
 * deadline unset, until `feed`. Everything else (group, exit hook, output, leftovers) is the same.
 */
export function spawnWaiting(argv: string[], options: Omit<SpawnOptions, 'input' | 'timeoutMs'> = {}): WaitingChild {
  return launch(argv, options, true);
}

function launch(argv: string[], options: SpawnOptions, waiting: boolean): WaitingChild {
  const [command, ...args] = argv;
  const ownGroup = options.ownGroup ?? true;
  const killGraceMs = options.killGraceMs ?? defaultKillGraceMs;
  const spawnError = (errno: string, message: string): WaitingChild => {
    const cwdMissing = options.cwd !== undefined && !existsSync(options.cwd) ? options.cwd : null;
    return { pid: undefined, done: Promise.resolve({ kind: 'spawn-error', errno, message, cwdMissing }), terminate: async () => {}, exited: true, feed: () => {} };
  };
  const stdio: StdioOptions = [options.input === undefined && !waiting ? 'ignore' : 'pipe', options.stdout ?? 'pipe', options.stderr ?? 'pipe'];
  let child: ChildProcess;
  try {
    // node:child_process on first spawn, not at import: `load` rarely spawns (git, for a PostgreSQL namespace),
    // and child_process with net and dgram costs each delegated call ~5 ms (bench/call-floor.js).
    child = process.getBuiltinModule('node:child_process').spawn(command!, args, { cwd: options.cwd, env: options.env ?? process.env, detached: ownGroup, stdio, shell: false });
  } catch (error) {
    return spawnError((error as NodeJS.ErrnoException).code ?? 'EINVAL', String(error));
  }
  const pid = child.pid;
  if (pid === undefined) {
    // Spawning failed (ENOENT, EACCES...): only the 'error' event tells us why.
    const failed = new Promise<SpawnEnd>((resolve) => {
      child.once('error', (error: NodeJS.ErrnoException) => void spawnError(error.code ?? 'UNKNOWN', error.message).done.then(resolve));
    });
    return { pid: undefined, done: failed, terminate: async () => {}, exited: true, feed: () => {} };
  }
  const registered = ownGroup && options.outlive !== true;
  if (registered) registerChildGroup(pid);
  if (options.outlive === true) child.unref();
  let exited = false;
  const group: Terminator = ownGroup
    ? groupTerminator(pid)
    : createTerminator({ signal: (signal) => void (exited || child.kill(signal)), alive: () => !exited });
  let timedOut = false;

  const maxStdoutBytes = options.maxStdoutBytes ?? defaultMaxStdoutBytes;
  const stdoutChunks: Buffer[] = [];
  let stdoutBytes = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    stdoutBytes += chunk.length;
    if (stdoutBytes <= maxStdoutBytes) stdoutChunks.push(chunk);
    else stdoutChunks.length = 0;
  });
  const stderrTailBytes = options.stderrTailBytes ?? defaultStderrTailBytes;
  let stderrTail = Buffer.alloc(0);
  child.stderr?.on('data', (chunk: Buffer) => {
    const joined = Buffer.concat([stderrTail, chunk]);
    stderrTail = joined.length > stderrTailBytes ? joined.subarray(joined.length - stderrTailBytes) : joined;
  });
  // EPIPE when the child exits without reading all of its stdin: its exit status tells the story.
  child.stdin?.on('error', () => {});
  if (!waiting) child.stdin?.end(options.input);
  child.on('error', () => {});

  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  let deadline: NodeJS.Timeout | undefined;
  const startDeadline = (timeoutMs: number | undefined): void => {
    if (timeoutMs === undefined || exited) return;
    deadline = setTimeout(() => {
      timedOut = true;
      void group.terminate(killGraceMs);
    }, timeoutMs);
    if (options.outlive === true) deadline.unref();
  };
  if (!waiting) startDeadline(options.timeoutMs);
  let fed = false;

  const done = (async (): Promise<SpawnEnd> => {
    const { code, signal } = await exit;
    clearTimeout(deadline);
    // No orphans: whatever the child left behind in its group goes too.
    if (ownGroup && groupAlive(pid)) await group.terminate(killGraceMs);
    if (registered) unregisterChildGroup(pid);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, closeWaitMs)))]);
    clearTimeout(timer);
    child.stdout?.destroy();
    child.stderr?.destroy();
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
  return {
    pid,
    done,
    terminate: async (graceMs = killGraceMs) => {
      await group.terminate(graceMs);
    },
    get exited() {
      return exited;
    },
    feed: (input, timeoutMs) => {
      if (!waiting || fed) return;
      fed = true;
      child.stdin?.end(input);
      startDeadline(timeoutMs);
    },
  };
}
