import { lstatSync, statSync } from 'node:fs';

/** True when something is at `abs`, a dangling symlink included (lstat: the link itself counts). */
export function pathExists(abs: string): boolean {
  try {
    lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

/** True when `abs` is a directory, or a symlink to one. */
export function isDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}
