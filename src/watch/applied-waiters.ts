import type { WaitResult } from '../contract/control-protocol.js';

/** `monitor wait` requests: each waits for the applied sequence number to reach its target. */
export interface AppliedWaiters {
  /** Resolves ok once release() reaches `target`; at the deadline with `reason()`. */
  add(target: number, timeoutMs: number, reason: () => string): Promise<WaitResult>;
  /** Everything up to `applied` is in the store: the waiters it covers resolve. */
  release(applied: number): void;
  cancel(reason: string): void;
}

export function createAppliedWaiters(): AppliedWaiters {
  const waiters = new Set<{ target: number; finish: (result: WaitResult) => void }>();
  return {
    add: (target, timeoutMs, reason) =>
      new Promise((resolve) => {
        const waiter = { target, finish };
        const timer = setTimeout(() => finish({ ok: false, reason: reason() }), Math.max(0, timeoutMs));
        function finish(result: WaitResult): void {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(result);
        }
        waiters.add(waiter);
      }),
    release: (applied) => {
      for (const waiter of [...waiters]) if (waiter.target <= applied) waiter.finish({ ok: true });
    },
    cancel: (reason) => {
      for (const waiter of [...waiters]) waiter.finish({ ok: false, reason });
    },
  };
}
