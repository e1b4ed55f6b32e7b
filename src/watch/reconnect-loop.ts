import { BackendPoisonedError } from '../errors/backend-unavailable-error.js';
import { watchRootOf, type MonitorStateCell } from './monitor-state.js';
import type { WatchBackend } from './watch-backend.js';
import type { WatchListener } from './watch-event.js';

const reconnectDelaysMs = [250, 500, 1000, 2000, 5000, 10_000, 30_000];

export interface ReconnectOptions {
  backend: WatchBackend;
  /** The monitor's listener, passed to each restart. */
  onEvent: WatchListener;
  /** Where to resubscribe from: the applied clock, so what was received but not applied is re-sent (harmless) and nothing is lost. */
  since(): string | null;
  /** The monitor's state: the loop moves it to reconnecting (its attempt, its timer) and back to watching. */
  state: MonitorStateCell;
  /** Watching again: the heartbeat starts afresh. */
  resubscribed(): void;
  /** Another monitor took the singleton meanwhile: this one ends. */
  held(): void;
  /** Watchman will not watch any more: the monitor falls back to the Node backend. */
  poisoned(error: BackendPoisonedError): void;
  fail(message: string): void;
  log(line: string): void;
}

export interface ReconnectLoop {
  /** The connection was lost (or the watcher stopped delivering): restart the backend after a growing delay, until it works. */
  lost(reason: string): void;
  /** Restart the backend now, with the backoff reset (a new docs scope). */
  now(): Promise<void>;
  /** How many restarts were attempted. */
  readonly count: number;
}

/**
 * Restarts of the backend with exponential backoff. Every Watchman command of a start is bounded
 * (watchman-connection.ts), so an attempt against a stopped (SIGSTOP) Watchman fails at its deadline
 * and the next one follows: the monitor never hangs with it.
 */
export function createReconnectLoop(options: ReconnectOptions): ReconnectLoop {
  const { backend, state } = options;
  let count = 0;

  const schedule = (): void => {
    const from = state.current;
    if (from.phase === 'stopping' || (from.phase === 'reconnecting' && from.timer !== null)) return;
    const attempt = from.phase === 'reconnecting' ? from.attempt : 0;
    const delay = reconnectDelaysMs[Math.min(attempt, reconnectDelaysMs.length - 1)]!;
    const timer = setTimeout(() => {
      // Still this state: leaving it would have cancelled the timer.
      const current = state.current;
      if (current.phase === 'reconnecting') state.enter({ ...current, timer: null });
      void reconnect();
    }, delay);
    state.enter({ phase: 'reconnecting', watchRoot: watchRootOf(from), attempt: attempt + 1, timer });
  };

  const reconnect = async (): Promise<void> => {
    if (state.stopping) return;
    count++;
    await backend.stop();
    try {
      const started = await backend.start(options.since(), options.onEvent);
      if (state.stopping) {
        await backend.stop();
        return;
      }
      if (started.type === 'held') {
        options.log('another monitor holds the singleton now: this one stops');
        options.held();
        return;
      }
      state.enter({ phase: 'watching', watchRoot: started.watchRoot });
      options.resubscribed();
      options.log(`reconnected (${backend.kind}, watch root ${started.watchRoot})`);
    } catch (error) {
      if (error instanceof BackendPoisonedError) {
        options.poisoned(error);
        return;
      }
      options.fail(`${backend.kind}: reconnect failed: ${(error as Error).message}`);
      schedule();
    }
  };

  return {
    lost: (reason) => {
      options.fail(`${backend.kind}: ${reason}; reconnecting`);
      schedule();
    },
    now: async () => {
      if (state.stopping) return;
      state.enter({ phase: 'reconnecting', watchRoot: watchRootOf(state.current), attempt: 0, timer: null });
      await reconnect();
    },
    get count() {
      return count;
    },
  };
}
