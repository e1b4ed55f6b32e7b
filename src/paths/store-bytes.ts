import { fileSize } from './file-size.js';

/** The store's size on disk: the WAL holds recent writes until a checkpoint, so it counts (else the size looks wrong after a load). */
export function storeBytes(file: string): number {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) total += fileSize(file + suffix) ?? 0;
  return total;
}
