import { existsSync } from 'node:fs';
import { runtimePaths } from '../config/runtime-paths.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { Store } from './store.js';

/**
 * The project's store for a reading command, or null when nothing was ever indexed (reading must not create it).
 * On a full disk the usual open fails (SQLite cannot grow the -shm file that even readers use), so recall
 * falls back to reading without it: search, sources and status keep answering from what is stored.
 */
export function openExistingStore(root: string): Store | null {
  const file = runtimePaths(root).store;
  if (!existsSync(file)) return null;
  try {
    return new Store(file);
  } catch (error) {
    if (error instanceof HeimdallError && error.code === 'no-space') return new Store(file, { withoutSharedMemory: true });
    throw error;
  }
}
