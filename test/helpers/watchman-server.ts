// A private Watchman server per test file, so that tests never touch the user's
// server and can kill and restart theirs. Clients find it through WATCHMAN_SOCK.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutionContext, TestFn } from 'ava';
import { skipping, type SkippableTestFn, type Project, type HeimdallOptions, type HeimdallRun } from './project.js';

export const watchmanBinary = process.env.HEIMDALL_TEST_WATCHMAN ?? 'watchman';

/** True when watchman can run. Under CI=true a missing watchman throws: the tests that need it must fail, not skip. */
export function watchmanAvailable(): boolean {
  const probe = spawnSync(watchmanBinary, ['--version'], { encoding: 'utf8' });
  const ok = probe.status === 0;
  if (!ok && process.env.CI === 'true') {
    throw new Error(`watchman is required under CI=true but "${watchmanBinary} --version" failed: ${probe.error?.message ?? probe.stderr}`);
  }
  return ok;
}

/**
 * One private server for a whole test file: started before its tests, stopped after them.
 * `test` is ava's test function when watchman is available (under CI=true it must be: a missing
 * watchman throws, so the file fails), `test.skip` otherwise.
 */
export function privateWatchman(test: TestFn, { exportSocket = false } = {}) {
  const available = watchmanAvailable();
  let server: WatchmanServer | null = null;
  test.before(async () => {
    if (!available) return;
    server = await startWatchmanServer();
    // For clients created inside the test process itself (fb-watchman reads WATCHMAN_SOCK).
    if (exportSocket) process.env.WATCHMAN_SOCK = server.sock;
  });
  test.after.always(async () => {
    await server?.stop();
  });
  const chosen: WatchmanTestFn = available ? test : skipping(test);
  return {
    available,
    test: chosen,
    // Read in tests (after `before`), when the server runs.
    get server(): WatchmanServer {
      return server!;
    },
  };
}

/**
 * Starts `watchman --foreground` on a private socket (short path: sun_path is 108 bytes).
 * Returns { sock, env, pid(), stop(), kill(signal), freeze(), thaw(), restart(), logFile }. Stopped at the end of the file's tests
 * through `t.teardown` when `t` is given, else call stop() yourself.
 */
export async function startWatchmanServer(t?: ExecutionContext) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hwm-'));
  const sock = path.join(dir, 'sock');
  const files = { statefile: path.join(dir, 'state'), logfile: path.join(dir, 'log'), pidfile: path.join(dir, 'pid') };
  let child: (ChildProcess & { exitedPromise?: Promise<unknown> }) | null = null;

  const launch = async () => {
    child = spawn(watchmanBinary, ['--foreground', `--sockname=${sock}`, `--statefile=${files.statefile}`, `--logfile=${files.logfile}`, `--pidfile=${files.pidfile}`, '--no-save-state'], {
      detached: true,
      stdio: 'ignore',
    });
    const started = child;
    const exited = new Promise((resolve) => started.once('exit', resolve));
    started.exitedPromise = exited;
    const deadline = Date.now() + 15_000;
    while (!(await canConnect(sock))) {
      if (started.exitCode !== null) throw new Error(`watchman exited with ${child.exitCode}: ${safeRead(files.logfile)}`);
      if (Date.now() > deadline) throw new Error(`watchman did not listen on ${sock} within 15 s: ${safeRead(files.logfile)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const current = child;
    try {
      // A stopped (SIGSTOP) server acts on no signal but SIGKILL until it continues.
      process.kill(current.pid!, 'SIGCONT');
      process.kill(current.pid!, signal);
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(current.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }, 5000);
    await current.exitedPromise;
    clearTimeout(timer);
  };

  const server = {
    sock,
    env: { WATCHMAN_SOCK: sock },
    logFile: files.logfile,
    pid: () => child?.pid,
    kill,
    /** SIGSTOP: the server hangs (every command waits) until thaw(); kill() and stop() continue it first. */
    freeze: () => process.kill(child!.pid!, 'SIGSTOP'),
    thaw: () => process.kill(child!.pid!, 'SIGCONT'),
    restart: async () => {
      await kill('SIGKILL');
      rmSync(sock, { force: true });
      await launch();
    },
    stop: async () => {
      await kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await launch();
  t?.teardown(() => server.stop());
  return server;
}

export type WatchmanServer = Awaited<ReturnType<typeof startWatchmanServer>>;
export type MonitorTools = Awaited<ReturnType<typeof monitorTools>>;

/** What the Watchman tests declare their tests with: ava's `test` (or `test.serial`), or, without watchman, both skipping. */
export type WatchmanTestFn = SkippableTestFn;

function canConnect(sock: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(sock);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return '(no log)';
  }
}

/**
 * The CLI against one project and one private Watchman server: run(args) adds
 * --project-root and WATCHMAN_SOCK. Stops the project's monitor when the test ends
 * (and SIGKILLs whatever pid it had, should stop fail).
 */
export async function monitorTools(t: ExecutionContext, project: Pick<Project, 'root'>, server: WatchmanServer, { heimdall, env = {} }: { heimdall: HeimdallRun; env?: Record<string, string | undefined> }) {
  const fullEnv = { ...server.env, ...env };
  const run = (args: string[], options: HeimdallOptions = {}) => heimdall([...args, '--project-root', project.root], { ...options, env: { ...fullEnv, ...options.env } });
  const pids = new Set<number>();
  const tools = {
    env: fullEnv,
    run,
    async start(extra: string[] = []): Promise<number> {
      const result = await run(['monitor', 'start', '--json', ...extra]);
      if (result.exitCode !== 0) throw new Error(`monitor start: exit ${result.exitCode}: ${result.stderr}`);
      const { pid } = JSON.parse(result.stdout) as { pid: number };
      pids.add(pid);
      return pid;
    },
    // `any` (a parsed report): `monitor status --json` has several shapes (running, starting, none), read field by field.
    async status(): Promise<any> {
      const result = await run(['monitor', 'status', '--json']);
      return { exitCode: result.exitCode, ...JSON.parse(result.stdout) };
    },
    async wait(timeout = 60) {
      const result = await run(['monitor', 'wait', '--timeout', String(timeout)], { timeout: (timeout + 30) * 1000 });
      if (result.exitCode !== 0) throw new Error(`monitor wait: exit ${result.exitCode}: ${result.stderr}`);
    },
    async sources(): Promise<string[]> {
      const result = await run(['sources', '--json']);
      if (result.exitCode !== 0) throw new Error(`sources: exit ${result.exitCode}: ${result.stderr}`);
      return (JSON.parse(result.stdout) as { sources: { path: string }[] }).sources.map((source) => source.path).sort();
    },
    track: (pid: number) => pids.add(pid),
  };
  t.teardown(async () => {
    await run(['monitor', 'stop', '--grace', '5']);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
  });
  return tools;
}
