import { BackendPoisonedError } from '../errors/backend-unavailable-error.js';
import type { WatchBackend } from './watch-backend.js';

/**
 * Makes the backend deliver every change made up to now (`monitor wait`'s first step), retried
 * while it reconnects, until `deadline`. Neither a poisoned Watchman (it will not answer) nor a
 * stopping monitor (its successor, after a fallback, is asked instead) is retried.
 */
export async function flushBackend(backend: WatchBackend, deadline: number, stopping: () => boolean): Promise<{ ok: true } | { ok: false; error: Error }> {
  for (;;) {
    try {
      await backend.flush(Math.max(1, Math.min(10_000, deadline - Date.now())));
      return { ok: true };
    } catch (error) {
      if (error instanceof BackendPoisonedError || stopping() || Date.now() >= deadline) return { ok: false, error: error as Error };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
