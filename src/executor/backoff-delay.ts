import type { RetryPolicy } from '../config/config-types.js';

/**
 * Exponential backoff with full jitter: after the `attempt`-th try failed (1-based), wait
 * random() * min(cap, base * factor^(attempt-1)). Full jitter keeps several retrying processes
 * (monitor, hooks, sync) from hammering a busy store in lockstep.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}
