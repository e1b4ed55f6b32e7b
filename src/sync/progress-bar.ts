export interface ProgressBar {
  update(done: number): void;
  finish(): void;
}

const noop: ProgressBar = { update: () => {}, finish: () => {} };

/**
 * "files done of total" on stderr, redrawn in place. Only on a terminal (a log or a pipe
 * gets no escape codes), and only once a run has lasted `delayMs`: short runs stay quiet.
 */
export function createProgressBar(total: number, stream: NodeJS.WriteStream = process.stderr, delayMs = 500): ProgressBar {
  if (!stream.isTTY || total === 0) return noop;
  const started = Date.now();
  let shown = false;
  let last = -1;
  const draw = (done: number) => {
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 40));
    const filled = Math.round((done / total) * width);
    stream.write(`\r\x1b[Kheimdall sync [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} files`);
  };
  return {
    update(done) {
      const clamped = Math.min(total, Math.max(0, done));
      if (clamped === last || Date.now() - started < delayMs) return;
      last = clamped;
      shown = true;
      draw(clamped);
    },
    finish() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
