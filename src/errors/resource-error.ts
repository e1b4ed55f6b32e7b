import { closeSync, existsSync, openSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { HeimdallError, systemErrorCode } from './heimdall-error.js';
import { messages } from './messages.js';

// Below this much free space an I/O error is taken for a full disk: SQLite grows its -shm file by 32 KiB and its
// WAL by pages, and file systems keep some room for their own metadata.
const nearlyFullBytes = 1024 * 1024;

/**
 * A full disk or exhausted file descriptors, as Node reports them (fs, the module loader, spawn): the error
 * family's temporary codes (exit 75), whatever heimdall was doing at the time. Anything else: null.
 */
export function resourceError(error: unknown): HeimdallError | null {
  const code = systemErrorCode(error);
  if (code === 'EMFILE' || code === 'ENFILE') return new HeimdallError('too-many-files', messages.outOfDescriptors(code), { cause: error });
  // Out of descriptors, Node's module loader can fail to open a package's main file and then calls it
  // missing ("Cannot find package '/…/index.js'"), though it is there: a missing file that exists is this.
  if (code === 'ERR_MODULE_NOT_FOUND' && namesExistingFile(error)) return new HeimdallError('too-many-files', messages.outOfDescriptors('EMFILE'), { cause: error });
  if (code === 'ENOSPC') {
    const file = (error as { path?: unknown }).path;
    return new HeimdallError('no-space', messages.diskFull(typeof file === 'string' ? path.dirname(file) : process.cwd()), { cause: error });
  }
  return null;
}

/**
 * EMFILE or ENFILE when this process cannot open one more file, else null. SQLite reports running out of
 * descriptors only as "unable to open database file" (or a disk I/O error): this tells the two apart.
 */
export function descriptorShortage(): 'EMFILE' | 'ENFILE' | null {
  try {
    closeSync(openSync('/dev/null', 'r'));
    return null;
  } catch (error) {
    const code = systemErrorCode(error);
    return code === 'EMFILE' || code === 'ENFILE' ? code : null;
  }
}

/** Whether the file system holding `dir` is (nearly) full for this user. SQLite reports ENOSPC as a plain disk I/O error. */
export function diskFull(dir: string): boolean {
  try {
    const stats = statfsSync(dir);
    // Root may use the blocks reserved for it; anyone else only the available ones.
    const free = (process.getuid?.() === 0 ? stats.bfree : stats.bavail) * stats.bsize;
    return free < nearlyFullBytes;
  } catch {
    return false;
  }
}

function namesExistingFile(error: unknown): boolean {
  const named = /Cannot find (?:package|module) '([^']+)'/.exec(error instanceof Error ? error.message : '')?.[1];
  if (named === undefined || !path.isAbsolute(named)) return false;
  // When even the package's package.json could not be opened, the loader falls back to `<package>/index.js`,
  // which a package with an `exports` map need not have: the package.json beside it tells.
  return existsSync(named) || (path.basename(named) === 'index.js' && existsSync(path.join(path.dirname(named), 'package.json')));
}
