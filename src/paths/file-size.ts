import { statSync } from 'node:fs';

/** The size of the file at `abs` in bytes; null when there is none (or it cannot be stat'ed). */
export function fileSize(abs: string): number | null {
  try {
    return statSync(abs).size;
  } catch {
    return null;
  }
}
