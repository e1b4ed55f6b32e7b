import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { systemErrorCode } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { relativeInside } from '../paths/project-path.js';
import type { FileError } from '../contract/load-report.js';

export type DocRead =
  | { kind: 'missing' }
  | { kind: 'error'; error: FileError }
  | { kind: 'directory' }
  | { kind: 'text'; text: string; sha1: string; size: number; mtimeMs: number; ctimeMs: number; ino: number };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads one docs file defensively: never opens a FIFO or device (it could block
 * forever), refuses content outside the root (a symlink pointing out), and checks
 * that the file did not change while it was read.
 */
export function readDoc(root: string, abs: string, maxBytes: number, seams: { afterOpen?: () => void } = {}): DocRead {
  let stat: Stats;
  try {
    stat = statSync(abs);
  } catch (error) {
    const code = systemErrorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'error', error: fromSystemError(error) };
  }
  if (stat.isDirectory()) return { kind: 'directory' };
  if (!stat.isFile()) return fail('not-a-file', messages.file.notAFile(kindOf(stat)));
  try {
    // The native one: the JS one lstat()s every component of the path, a bulk load's largest cost after the parse.
    if (relativeInside(root, realpathSync.native(abs)) === null) return fail('outside-root', messages.file.outsideRoot(root));
  } catch (error) {
    return { kind: 'error', error: fromSystemError(error) };
  }
  if (stat.size > maxBytes) return fail('too-large', messages.file.tooLarge(stat.size, maxBytes));

  let fd: number;
  try {
    // O_NONBLOCK: if the path was swapped for a FIFO since the stat, open must not hang.
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return { kind: 'missing' };
    return { kind: 'error', error: fromSystemError(error) };
  }
  let bytes: Buffer;
  let before: Stats;
  try {
    before = fstatSync(fd);
    seams.afterOpen?.();
    if (!before.isFile()) return fail('not-a-file', messages.file.notAFile(kindOf(before)));
    if (before.size > maxBytes) return fail('too-large', messages.file.tooLarge(before.size, maxBytes));
    bytes = readAll(fd, before.size);
  } catch (error) {
    return { kind: 'error', error: fromSystemError(error) };
  } finally {
    closeSync(fd);
  }
  // The path must still name what we read, unchanged: otherwise a retry reads the truth.
  try {
    const after = statSync(abs);
    if (after.ino !== before.ino || after.size !== bytes.length || after.mtimeMs !== before.mtimeMs) return fail('vanished', messages.file.vanished, false);
  } catch {
    return fail('vanished', messages.file.vanished, false);
  }

  if (bytes.includes(0)) return fail('binary', messages.file.binary);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail('invalid-utf8', messages.file.invalidUtf8);
  }
  return { kind: 'text', text, sha1: sha1Hasher().update(bytes).digest('hex'), size: bytes.length, mtimeMs: before.mtimeMs, ctimeMs: before.ctimeMs, ino: before.ino };
}

function readAll(fd: number, expected: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  // Read to EOF rather than trusting the size: a file growing during the read is caught by the re-stat.
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.max(64 * 1024, expected - total + 1));
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

function fail(code: FileError['code'], message: string, permanent = true): DocRead {
  return { kind: 'error', error: { code, message, permanent } };
}

/** errno → per-file error; the temporary ones are those a retry can fix. */
export function fromSystemError(error: unknown): FileError {
  const code = systemErrorCode(error);
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return { code: 'permission-denied', message: messages.file.permissionDenied, permanent: true };
    case 'ELOOP':
      return { code: 'symlink-loop', message: messages.file.symlinkLoop, permanent: true };
    case 'EISDIR':
      return { code: 'not-a-file', message: messages.file.notAFile('directory'), permanent: true };
    case 'ENOSPC':
      return { code: 'no-space', message: messages.file.noSpace, permanent: false };
    case 'EMFILE':
    case 'ENFILE':
      return { code: 'too-many-files', message: messages.file.tooManyFiles, permanent: false };
    case 'EAGAIN':
    case 'EINTR':
    case 'EIO':
      return { code: 'read-error', message: messages.file.readError(code), permanent: false };
    default:
      return { code: 'read-error', message: messages.file.readError(error instanceof Error ? error.message : String(error)), permanent: true };
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'directory';
  if (stat.isFIFO()) return 'FIFO';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'device';
  return 'special file';
}

/**
 * node:crypto on first use, not at import: an unchanged file (a stat compare) needs no hash, and loading
 * crypto costs every delegated call ~4 ms of a ~100 ms floor (bench/call-floor.js).
 */
function sha1Hasher(): import('node:crypto').Hash {
  return process.getBuiltinModule('node:crypto').createHash('sha1');
}
