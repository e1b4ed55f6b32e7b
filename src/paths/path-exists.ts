import { lstatSync } from 'node:fs';

/** True when something is at `abs`, a dangling symlink included (lstat: the link itself counts). */
export function pathExists(abs: string): boolean {
  try {
    lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}
