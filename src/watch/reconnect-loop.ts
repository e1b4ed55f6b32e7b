import { BackendPoisonedError } from '../errors/backend-unavailable-error.js';
import type { WatchBackend } from './watch-backend.js';
import type { WatchListener } from './watch-event.js';

const reconnectDelaysMs = [250, 500, 1000, 2000, 5000, 10_000, 30_000];

export interface ReconnectOptions {
  backend: WatchBackend;
  /** The monitor's listener, passed to each restart. */
  onEvent: WatchListener;
  /** Where to resubscribe from: the applied clock, so what was received but not applied is re-sent (harmless) and nothing is lost. */
  since(): string | null;
  stopping(): boolean;
  /** Watching again (the monitor's phase and watch root). */
  watching(watchRoot: string): void;
  /** Another monitor took the singleton meanwhile: this one ends. */
  held(): void;
  /** Watchman will not watch any more: the monitor falls back to the Node backend. */
  poisoned(error: BackendPoisonedError): void;
  fail(message: string): void;
  log(line: string): void;
}

export interface ReconnectLoop {
  /** The connection was lost (or the watcher stopped delivering): restart the backend after a growing delay, until it works. */
  schedule(): void;
  /** Restart the backend now, with the backoff reset (a new docs scope). */
  now(): Promise<void>;
  /** How many restarts were attempted. */
  readonly count: number;
  stop(): void;
}

/**
 * Restarts of the backend with exponential backoff. Every Watchman command of a start is bounded
 * (watchman-connection.ts), so an attempt against a stopped (SIGSTOP) Watchman fails at its deadline
 * and the next one follows: the monitor never hangs with it.
 */
export function createReconnectLoop(options: ReconnectOptions): ReconnectLoop {
  const { backend } = options;
  let timer: NodeJS.Timeout | null = null;
  let attempt = 0;
  let count = 0;

  const schedule = (): void => {
    if (timer !== null || options.stopping()) return;
    const delay = reconnectDelaysMs[Math.min(attempt, reconnectDelaysMs.length - 1)]!;
    attempt++;
    timer = setTimeout(() => {
      timer = null;
      void reconnect();
    }, delay);
  };

  const reconnect = async (): Promise<void> => {
    if (options.stopping()) return;
    count++;
    await backend.stop();
    try {
      const started = await backend.start(options.since(), options.onEvent);
      if (options.stopping()) {
        await backend.stop();
        return;
      }
      if (started.type === 'held') {
        options.log('another monitor holds the singleton now: this one stops');
        options.held();
        return;
      }
      attempt = 0;
      options.watching(started.watchRoot);
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
    schedule,
    now: async () => {
      attempt = 0;
      await reconnect();
    },
    get count() {
      return count;
    },
    stop: () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
