import { runtimePaths } from '../config/runtime-paths.js';
import { openExistingSqlite } from './open-backend.js';
import type { Store } from './store.js';

/** The project's SQLite store for a reading command, or null when nothing was ever indexed (open-backend.ts). */
export function openExistingStore(root: string): Store | null {
  return openExistingSqlite(runtimePaths(root).store);
}
