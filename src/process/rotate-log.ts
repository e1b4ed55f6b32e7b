import { renameSync, rmSync } from 'node:fs';

/**
 * The one log rotation: file.N-1 becomes file.N (the oldest beyond `keep` is deleted first), the live file
 * becomes file.1, and the next write starts a new live file; with `keep` 0 the live file is just deleted.
 * Throws when the live file cannot be moved (callers swallow it: logging must never stop anything).
 */
export function rotateLog(file: string, keep: number): void {
  rmSync(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) {
    try {
      renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    } catch {
      // a gap in the series is fine
    }
  }
  if (keep > 0) renameSync(file, `${file}.1`);
  else rmSync(file, { force: true });
}
