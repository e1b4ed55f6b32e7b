import { statSync } from 'node:fs';

/** True when `abs` is a directory, or a symlink to one (stat follows it: a linked docs folder counts). */
export function isDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}
