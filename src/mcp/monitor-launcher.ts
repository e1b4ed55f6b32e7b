import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { messages } from '../errors/messages.js';
import { ownBin } from '../paths/own-bin.js';

/** What `heimdall mcp` did about a missing monitor, for `status`. */
export type LaunchState =
  | { state: 'idle' }
  | { state: 'starting'; since: string }
  | { state: 'started'; at: string; pid: number | null }
  | { state: 'failed'; at: string; detail: string };

export interface MonitorLauncher {
  /** Starts the monitor in the background unless a start is under way or failed a moment ago. Never waits. */
  ensureStarted(): void;
  readonly state: LaunchState;
}

// A start that failed (no Watchman and no fallback, a config error) is not retried at every call.
const retryAfterMs = 30_000;

/**
 * `heimdall monitor start` as a child process: its code path, its singleton (so ten servers on one project
 * end with one monitor: the others find it running, exit 0, and say `already-running`), and its idempotence.
 * A child also keeps its output off this process's stdout, which is the MCP stdio channel. The monitor it
 * starts is detached and outlives this server, as after `monitor start`.
 */
export function createMonitorLauncher(root: string, log: (line: string) => void): MonitorLauncher {
  let state: LaunchState = { state: 'idle' };
  let failedAt = 0;
  return {
    ensureStarted() {
      if (state.state === 'starting' || (state.state === 'failed' && Date.now() - failedAt < retryAfterMs)) return;
      state = { state: 'starting', since: new Date().toISOString() };
      const child = spawn(process.execPath, [ownBin, 'monitor', 'start', '--json', '--project-root', root], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const fail = (detail: string) => {
        failedAt = Date.now();
        state = { state: 'failed', at: new Date().toISOString(), detail };
        log(messages.mcp.monitorStartFailed(detail));
      };
      // A short-lived child (it returns once the monitor watches) that must not hold the server open at its exit.
      child.unref();
      for (const stream of [child.stdout, child.stderr]) (stream as unknown as Socket).unref();
      child.once('error', (error) => fail(error.message));
      child.once('close', (code, signal) => {
        if (code === 0) {
          state = { state: 'started', at: new Date().toISOString(), pid: pidOf(stdout) };
          return;
        }
        const reason = stderr.trim().split('\n').filter(Boolean).slice(0, 3).join(' ').replace(/^heimdall: /, '');
        fail(reason === '' ? (code !== null ? `exit ${code}` : `signal ${signal}`) : reason);
      });
    },
    get state() {
      return state;
    },
  };
}

function pidOf(json: string): number | null {
  try {
    const pid = (JSON.parse(json) as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : null;
  } catch {
    return null;
  }
}
