import path from 'node:path';
import { syncStateName } from '../contract/sync-state-name.js';
import { BackendPoisonedError, BackendUnavailableError } from '../errors/backend-unavailable-error.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import type { BackendOptions, BackendStart, WatchBackend } from './watch-backend.js';
import type { WatchListener } from './watch-event.js';
import { connectWatchman, rememberSockname, socknameKnown, type WatchmanConnection } from './watchman-connection.js';
import { watchmanExpression } from './watchman-expression.js';

export interface WatchmanBackendOptions extends BackendOptions {
  /** Assert the monitor singleton state (off in the contract tests, which run several backends at once). */
  singleton: boolean;
  /** How long to keep trying when the state is held: a SIGKILLed holder's disconnect takes Watchman a moment to notice. */
  singletonRetryMs?: number;
  /** The deadline of the first command (connecting, and spawning `watchman get-sockname` when WATCHMAN_SOCK is unset). */
  connectTimeoutMs?: number;
  binaryPath?: string;
}

const subscriptionName = 'heimdall';
/** Watchman syncs with the filesystem (a cookie file) before it answers; the first crawl of a large tree takes a while. */
const syncTimeoutMs = 30_000;
// No mtime_ms: bser decodes each 64-bit value into an Int64 and two Buffers, garbage per
// changed file that the monitor never reads (measured: higher RSS peaks under bursts).
const fields = ['name', 'exists', 'new', 'size'];

interface FileEntry {
  name: string;
  exists: boolean;
}

export function createWatchmanBackend(initial: WatchmanBackendOptions): WatchBackend {
  const options = { ...initial };
  let conn: WatchmanConnection | null = null;
  let watchRoot: string | null = null;
  let relativeRoot: string | undefined;
  let stopping = false;
  let emit: WatchListener = () => {};

  const onPdu = (pdu: Record<string, unknown>): void => {
    if (pdu['subscription'] !== subscriptionName) return;
    if (pdu['canceled'] === true) {
      // The watch was removed (root deleted, `watch-del`): the state went with it.
      conn?.close();
      conn = null;
      emit({ type: 'end', reason: messages.watchman.canceled });
      return;
    }
    const files = pdu['files'] as FileEntry[] | undefined;
    const clock = typeof pdu['clock'] === 'string' ? pdu['clock'] : null;
    // state-enter/state-leave broadcasts carry no files.
    if (files === undefined || clock === null) return;
    if (pdu['is_fresh_instance'] === true) {
      // A listing of what exists, without deletions: useless for catch-up (a full reconcile is needed).
      emit({ type: 'fresh-instance', clock });
      return;
    }
    for (const file of files) emit({ type: 'change', path: file.name, exists: file.exists });
    emit({ type: 'clock', clock });
  };

  const start = async (since: string | null, onEvent: WatchListener): Promise<BackendStart> => {
    stopping = false;
    emit = onEvent;
    const c = connectWatchman(options.binaryPath);
    conn = c;
    c.onSubscription(onPdu);
    let live = false;
    c.onClose((reason) => {
      // Before the subscription is live, start() itself rejects with the reason.
      if (conn !== c || !live) return;
      conn = null;
      if (!stopping) {
        emit({ type: 'error', error: new HeimdallError('watch-backend', reason) });
        emit({ type: 'end', reason });
      }
    });
    let project: { watch: string; relative_path?: string };
    try {
      project = await c.command(['watch-project', options.root], options.connectTimeoutMs ?? 10_000);
    } catch (error) {
      conn = null;
      c.close();
      throw poisonOf(error) ?? new BackendUnavailableError((error as Error).message, { cause: error });
    }
    watchRoot = project.watch;
    relativeRoot = project.relative_path;
    // Best effort, not awaited (queued on this connection): later connections need not spawn the CLI to find it.
    if (!socknameKnown()) c.command<{ sockname?: unknown }>(['get-sockname']).then((reply) => rememberSockname(reply.sockname), () => {});
    try {
      const state = monitorStateName(project.relative_path);
      if (options.singleton && !(await claimState(c, project.watch, state, options.singletonRetryMs ?? 3000))) {
        conn = null;
        c.close();
        return { type: 'held' };
      }
      const from = await startingClock(c, project.watch, since);
      if (from.fresh) emit({ type: 'fresh-instance', clock: from.clock });
      await c.command(['subscribe', project.watch, subscriptionName, {
        expression: watchmanExpression(options),
        fields,
        since: from.clock,
        ...(relativeRoot === undefined ? {} : { relative_root: relativeRoot }),
        defer: [syncStateName(project.relative_path)],
        defer_vcs: true,
      }]);
      live = true;
    } catch (error) {
      conn = null;
      c.close();
      // Watchman runs but will not watch this tree (inotify limits, a root it refuses, a crawl past every
      // deadline): as unusable as a missing binary, so `auto` falls back to the Node backend.
      throw error instanceof BackendUnavailableError ? error : (poisonOf(error) ?? new BackendUnavailableError((error as Error).message, { cause: error }));
    }
    return { type: 'watching', watchRoot: project.watch };
  };

  return {
    kind: 'watchman',
    start,
    flush: async (timeoutMs) => {
      const c = conn;
      if (c === null || watchRoot === null) throw new HeimdallError('watch-backend', messages.watchman.notConnected);
      // Delivers pending notifications (even deferred ones) before it answers, on this same socket. Its
      // deadline closely follows the sync's: a stopped (SIGSTOP) server never answers, and `monitor wait
      // --timeout S` must keep to S.
      await c.command(['flush-subscriptions', watchRoot, { sync_timeout: timeoutMs, subscriptions: [subscriptionName] }], timeoutMs + 1000).catch(rethrowPoison);
    },
    probe: async (timeoutMs) => {
      const c = conn;
      if (c === null || watchRoot === null) throw new HeimdallError('watch-backend', messages.watchman.notConnected);
      // No sync_timeout: answered at once, with no cookie file and no effect on deferred notifications.
      await c.command(['clock', watchRoot], timeoutMs).catch(rethrowPoison);
    },
    stop: async () => {
      stopping = true;
      const c = conn;
      conn = null;
      // Closing the connection vacates the singleton state and the subscription together.
      c?.close();
    },
    reconfigure: (monitoring) => {
      options.monitoring = monitoring;
    },
    warnings: () => [],
  };

  async function startingClock(c: WatchmanConnection, root: string, since: string | null): Promise<{ clock: string; fresh: boolean }> {
    if (since !== null) {
      // Ask first, with an expression that matches nothing: a fresh instance would
      // otherwise list every file of the tree in one notification.
      const probe = await c.command<{ clock: string; is_fresh_instance: boolean }>(['query', root, { since, expression: ['false'], fields: ['name'], sync_timeout: syncTimeoutMs }], syncTimeoutMs + 10_000);
      if (!probe.is_fresh_instance) return { clock: since, fresh: false };
      return { clock: probe.clock, fresh: true };
    }
    const now = await c.command<{ clock: string }>(['clock', root, { sync_timeout: syncTimeoutMs }], syncTimeoutMs + 10_000);
    return { clock: now.clock, fresh: true };
  }
}

/**
 * The Watchman-scoped singleton: `state-enter` is exclusive while the holder's connection
 * lives. "Already asserted" is retried for `heldRetryMs` (a SIGKILLed holder's disconnect
 * takes Watchman a moment to notice); a sync that times out (a crawl still running) for
 * up to `syncTimeoutMs`.
 */
async function claimState(c: WatchmanConnection, root: string, name: string, heldRetryMs: number): Promise<boolean> {
  const started = Date.now();
  for (;;) {
    try {
      await c.command(['state-enter', root, { name, sync_timeout: 2000 }], 10_000);
      return true;
    } catch (error) {
      if (!(error instanceof HeimdallError && error.code === 'watch-backend')) throw error;
      if (/already asserted/.test(error.message)) {
        if (Date.now() - started >= heldRetryMs) return false;
      } else if (!/sync_timeout|timed out/i.test(error.message) || /no answer/.test(error.message) || Date.now() - started >= syncTimeoutMs) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** `heimdall.monitor`, qualified by the project's path when it lies below the watch root (two projects, one repository). */
export function monitorStateName(relativePath: string | undefined): string {
  return relativePath === undefined || relativePath === '' ? 'heimdall.monitor' : `heimdall.monitor:${relativePath.split(path.sep).join('/')}`;
}

/**
 * Once poisoned, Watchman 4.9.0 answers every command (version and watch-list included; not
 * watch-del-all nor shutdown-server) with "A non-recoverable condition has triggered.  Watchman needs your help!\n
 * The triggering condition was at timestamp=T: SYSCALL(PATH) -> ERROR\n...#poison-SYSCALL", until it
 * restarts; its existing subscriptions go on delivering. SYSCALL is inotify_add_watch when the
 * inotify limit ran out, debug-poison when simulated (`watchman debug-poison ROOT`).
 */
export function poisonOf(error: unknown): BackendPoisonedError | null {
  if (error instanceof BackendPoisonedError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (!/non-recoverable condition|#poison-/.test(message)) return null;
  const detail = /triggering condition was at timestamp=\d+: ([^\n]+)/.exec(message)?.[1] ?? message.split('\n')[0]!;
  return new BackendPoisonedError(messages.watch.poisoned(detail.trim()));
}

function rethrowPoison(error: unknown): never {
  throw poisonOf(error) ?? error;
}
