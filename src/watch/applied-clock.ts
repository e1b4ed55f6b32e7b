import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface SavedClock {
  clock: string;
  /** The Watchman watch root the clock belongs to: a clock of another root means nothing. */
  watchRoot: string;
  savedAt: string;
}

export function appliedClockFile(runDir: string): string {
  return path.join(runDir, 'applied-clock.json');
}

/** The clock of the last batch the monitor applied, if it belongs to `watchRoot`. */
export function readAppliedClock(runDir: string, watchRoot: string | null): string | null {
  try {
    const saved = JSON.parse(readFileSync(appliedClockFile(runDir), 'utf8')) as Partial<SavedClock>;
    if (typeof saved.clock !== 'string') return null;
    if (watchRoot !== null && saved.watchRoot !== watchRoot) return null;
    return saved.clock;
  } catch {
    return null;
  }
}

/** Atomic (write, then rename over): a crash mid-write leaves the previous clock, never half a file. */
export function writeAppliedClock(runDir: string, clock: string, watchRoot: string): void {
  const file = appliedClockFile(runDir);
  const tmp = `${file}.${process.pid}.tmp`;
  const saved: SavedClock = { clock, watchRoot, savedAt: new Date().toISOString() };
  writeFileSync(tmp, `${JSON.stringify(saved)}\n`);
  renameSync(tmp, file);
}
