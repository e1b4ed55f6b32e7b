import { statSync } from 'node:fs';
import path from 'node:path';

const warnAfterMs = 60_000;

/**
 * Watchman holds notifications back while `.git/index.lock` exists (defer_vcs), so a
 * lock left behind by a crashed git silently stops the monitor: say so once it has
 * existed for over a minute. Checked when asked (status, health), not on a timer.
 */
export function vcsLockWarning(watchRoot: string, now = Date.now()): string | null {
  const lock = path.join(watchRoot, '.git', 'index.lock');
  try {
    const age = now - statSync(lock).mtimeMs;
    if (age <= warnAfterMs) return null;
    return `${lock} has existed for ${Math.round(age / 1000)} s: Watchman holds notifications back while it exists; remove it if no git command is running`;
  } catch {
    return null;
  }
}
