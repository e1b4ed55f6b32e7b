import type { ExecutorStats } from '../contract/executor-stats.js';

const keptDurations = 100;

/** The executor's counters; durations of the last 100 calls in a small ring, percentiles by nearest rank. */
export function createStatsRecorder() {
  const counters: Omit<ExecutorStats, 'durationsMs'> = {
    calls: 0,
    files: {},
    retries: 0,
    retriedPaths: 0,
    timeouts: 0,
    permanentFailures: 0,
    exhausted: 0,
    configErrors: 0,
    lastError: null,
  };
  const durations: number[] = [];
  return {
    counters,
    duration(ms: number): void {
      durations.push(ms);
      if (durations.length > keptDurations) durations.shift();
    },
    file(action: string): void {
      counters.files[action] = (counters.files[action] ?? 0) + 1;
    },
    error(at: string, message: string): void {
      counters.lastError = { at, message };
    },
    snapshot(): ExecutorStats {
      const sorted = [...durations].sort((a, b) => a - b);
      return {
        ...counters,
        files: { ...counters.files },
        lastError: counters.lastError === null ? null : { ...counters.lastError },
        durationsMs: { last: [...durations], p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) },
      };
    },
  };
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}
