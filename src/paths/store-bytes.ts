import { statSync } from 'node:fs';

/** The store's size on disk: the WAL holds recent writes until a checkpoint, so it counts (else the size looks wrong after a load). */
export function storeBytes(file: string): number {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      total += statSync(file + suffix).size;
    } catch {
      // absent is zero
    }
  }
  return total;
}
