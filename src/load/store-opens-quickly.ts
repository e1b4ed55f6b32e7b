import { closeSync, openSync, readSync } from 'node:fs';
import { schemaVersion } from '../store/migrations.js';

/**
 * True when opening the store cannot hold the main thread for long: the file already is a WAL database at our
 * schema version, so the open takes no write lock (no WAL switch, no migration, no schema to create) and only
 * reads, which in WAL mode never wait for a writer. Read from the SQLite header (https://sqlite.org/fileformat.html):
 * bytes 18 and 19 are 2 in WAL mode, the user_version is the big-endian 32-bit integer at 60. The header in the
 * file can lag behind the WAL, but only ever shows an older version than the WAL's: a stale header says "not
 * quickly", never the reverse.
 */
export function storeOpensQuickly(file: string): boolean {
  const header = Buffer.alloc(100);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    if (readSync(fd, header, 0, 100, 0) < 100) return false;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
  return header.toString('latin1', 0, 16) === 'SQLite format 3\0' && header[18] === 2 && header[19] === 2 && header.readUInt32BE(60) === schemaVersion;
}
