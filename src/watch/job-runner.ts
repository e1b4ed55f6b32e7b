/** What the monitor runs: a batch of settled changes through the executor, or a full catch-up (`heimdall sync`). */
export type Job = { kind: 'batch' } | { kind: 'catch-up' };

export interface JobRunner {
  /** The running job, if any. */
  readonly current: Job | null;
  /**
   * Runs `work` as the one job (the caller checks that none runs). `then` gets its result once
   * the runner is free again, so that it may start the next job at once.
   */
  run<T>(job: Job, work: () => Promise<T>, then: (result: T) => void): void;
  /** Waits for the running job, at most `graceMs`. */
  settle(graceMs: number): Promise<void>;
}

/** One job at a time: a batch never overlaps a catch-up, nor another batch. */
export function createJobRunner(): JobRunner {
  let current: { job: Job; done: Promise<void> } | null = null;
  return {
    get current() {
      return current?.job ?? null;
    },
    run: (job, work, then) => {
      if (current !== null) throw new Error(`a ${current.job.kind} runs already`);
      const running: { job: Job; done: Promise<void> } = { job, done: Promise.resolve() };
      current = running;
      running.done = work().then((result) => {
        current = null;
        then(result);
      });
    },
    settle: async (graceMs) => {
      if (current === null) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([current.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    },
  };
}
