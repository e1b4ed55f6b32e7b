import { acquireLock, type LockHandle, type LockOwner } from '../lock/process-lock.js';

export interface SyncLockOptions {
  runDir: string;
  /** Give up waiting after this long and run anyway. */
  maxWaitMs: number;
  pollMs?: number;
  /** Told once, when the lock is taken by someone else. */
  onWait?: (holder: LockOwner | null) => void;
}

export type SyncLock = { kind: 'held'; lock: LockHandle; waitedMs: number } | { kind: 'timed-out'; waitedMs: number };

/**
 * Serializes the syncs of one project. A second sync waits for the first (polling: the
 * lock is a listening socket, so there is nothing to block on) and then computes its own
 * candidates, so what changed while it waited is seen, not lost. After `maxWaitMs` it runs
 * anyway: every candidate is reconciled against the disk, so overlapping syncs cost
 * duplicate work, never a wrong store; a stuck holder must not freeze every later sync.
 */
export async function acquireSyncLock(root: string, options: SyncLockOptions): Promise<SyncLock> {
  const started = Date.now();
  const pollMs = options.pollMs ?? 100;
  let told = false;
  for (;;) {
    const attempt = await acquireLock(root, 'sync', options.runDir);
    const waitedMs = Date.now() - started;
    if (attempt.acquired) return { kind: 'held', lock: attempt.lock, waitedMs };
    if (!told) {
      told = true;
      options.onWait?.(attempt.holder);
    }
    if (waitedMs >= options.maxWaitMs) return { kind: 'timed-out', waitedMs };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
