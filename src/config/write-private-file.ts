import { renameSync, writeFileSync } from 'node:fs';

/**
 * Writes `text` to `file` atomically (a temporary file, then a rename over it: a reader sees the old text or the new,
 * never half) and readable by its owner only: what is written from the config may hold the store URL's password.
 */
export function writePrivateFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}
