import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface SavedClock {
  clock: string;
  /** The Watchman watch root the clock belongs to: a clock of another root means nothing. */
  watchRoot: string;
  /** The docs scope the clock was applied under (docsScopeKey): under another one, changes since it are not enough. */
  scope: string;
  savedAt: string;
}

export function appliedClockFile(runDir: string): string {
  return path.join(runDir, 'applied-clock.json');
}

/**
 * The clock of the last batch the monitor applied, if it belongs to `watchRoot` and was applied
 * under the docs scope `scope`: a config edited while no monitor ran (a folder added to the target
 * paths) makes the next start a fresh instance, whose full sync catches up with the new scope.
 */
export function readAppliedClock(runDir: string, watchRoot: string | null, scope: string): string | null {
  try {
    const saved = JSON.parse(readFileSync(appliedClockFile(runDir), 'utf8')) as Partial<SavedClock>;
    if (typeof saved.clock !== 'string') return null;
    if (watchRoot !== null && saved.watchRoot !== watchRoot) return null;
    if (saved.scope !== scope) return null;
    return saved.clock;
  } catch {
    return null;
  }
}

/** Atomic (write, then rename over): a crash mid-write leaves the previous clock, never half a file. */
export function writeAppliedClock(runDir: string, clock: string, watchRoot: string, scope: string): void {
  const file = appliedClockFile(runDir);
  const tmp = `${file}.${process.pid}.tmp`;
  const saved: SavedClock = { clock, watchRoot, scope, savedAt: new Date().toISOString() };
  writeFileSync(tmp, `${JSON.stringify(saved)}\n`);
  renameSync(tmp, file);
}
