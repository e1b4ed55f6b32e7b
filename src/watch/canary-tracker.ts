/** The health canaries the monitor has seen (the last 32 tokens), and the health checks waiting for theirs. */
export interface CanaryTracker {
  saw(token: string): void;
  /** Resolves true once `token` is seen (or was already), false at the deadline or on cancel(). */
  wait(token: string, timeoutMs: number): Promise<boolean>;
  cancel(): void;
}

export function createCanaryTracker(): CanaryTracker {
  const seen: string[] = [];
  const waiting = new Map<string, (seen: boolean) => void>();
  return {
    saw: (token) => {
      seen.push(token);
      if (seen.length > 32) seen.shift();
      waiting.get(token)?.(true);
    },
    wait: (token, timeoutMs) =>
      new Promise((resolve) => {
        if (seen.includes(token)) return resolve(true);
        const timer = setTimeout(() => finish(false), timeoutMs);
        function finish(value: boolean): void {
          clearTimeout(timer);
          waiting.delete(token);
          resolve(value);
        }
        waiting.set(token, finish);
      }),
    cancel: () => {
      for (const finish of [...waiting.values()]) finish(false);
    },
  };
}
