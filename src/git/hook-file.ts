import { chmodSync, lstatSync, readFileSync, renameSync, writeFileSync, type Stats } from 'node:fs';
import { systemErrorCode } from '../errors/heimdall-error.js';
import { isHeimdallStub } from './hook-stub.js';

export type HookFileState =
  | { kind: 'absent' }
  | { kind: 'heimdall'; content: string; executable: boolean }
  | { kind: 'foreign'; stats: Stats }
  | { kind: 'not-a-file'; stats: Stats };

/** What is at a hook path: nothing, heimdall's stub, someone else's hook, or something that is no script. */
export function readHookFile(file: string): HookFileState {
  let stats: Stats;
  try {
    stats = lstatSync(file);
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT' || systemErrorCode(error) === 'ENOTDIR') return { kind: 'absent' };
    throw error;
  }
  if (stats.isSymbolicLink()) return { kind: 'foreign', stats };
  if (!stats.isFile()) return { kind: 'not-a-file', stats };
  const content = readFileSync(file, 'utf8');
  if (isHeimdallStub(content)) return { kind: 'heimdall', content, executable: (stats.mode & 0o111) !== 0 };
  return { kind: 'foreign', stats };
}


/** Written beside the target and renamed over it: git never runs a half-written hook. */
export function writeHookAtomically(file: string, content: string): void {
  const tmp = `${file}.heimdall-tmp-${process.pid}`;
  writeFileSync(tmp, content, { mode: 0o755 });
  // The umask may have cut the mode down; hooks must be executable for git.
  chmodSync(tmp, 0o755);
  renameSync(tmp, file);
}
