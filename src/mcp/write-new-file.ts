import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { systemErrorCode } from '../errors/heimdall-error.js';

// File systems without hard links answer link() with one of these: reserve the name with O_EXCL instead.
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);
const maxAttempts = 1000;

/** The name to try at each attempt (0 first); null: no other name will do. */
export type NameFor = (attempt: number) => string | null;

/**
 * Writes `content` to a file of `dir` that did not exist: `nameFor(0)`, else `nameFor(1)`, and so on. Never
 * overwrites, and never shows a partial file: the bytes go to a temp file first (a dot name with `.tmp`, which
 * is no doc), fsynced, then hard-linked to the name, which fails if the name is taken, so two writers racing
 * for one name both succeed under different names. The temp file is removed whatever happens (a full disk
 * included). Returns the file written; throws the system error otherwise.
 */
export function writeNewFile(dir: string, nameFor: NameFor, content: string | Buffer, mode = 0o644): string {
  const temp = path.join(dir, `.${nameFor(0) ?? 'new'}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', mode);
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const name = nameFor(attempt);
      if (name === null) break;
      const file = path.join(dir, name);
      try {
        linkSync(temp, file);
        return file;
      } catch (error) {
        const code = systemErrorCode(error);
        if (code === 'EEXIST') continue;
        if (code !== undefined && noHardLinks.has(code)) return reserveThenRename(dir, nameFor, attempt, temp);
        throw error;
      }
    }
    throw taken(nameFor);
  } finally {
    rmSync(temp, { force: true });
  }
}

// The name is ours once O_EXCL created it (empty, for a moment); the rename then replaces only our own file.
function reserveThenRename(dir: string, nameFor: NameFor, from: number, temp: string): string {
  for (let attempt = from; attempt < maxAttempts; attempt++) {
    const name = nameFor(attempt);
    if (name === null) break;
    const file = path.join(dir, name);
    try {
      closeSync(openSync(file, 'wx'));
    } catch (error) {
      if (systemErrorCode(error) === 'EEXIST') continue;
      throw error;
    }
    try {
      renameSync(temp, file);
    } catch (error) {
      rmSync(file, { force: true });
      throw error;
    }
    return file;
  }
  throw taken(nameFor);
}

function taken(nameFor: NameFor): Error {
  return Object.assign(new Error(`${nameFor(0) ?? 'the name'} exists (and so does every alternative)`), { code: 'EEXIST' });
}
