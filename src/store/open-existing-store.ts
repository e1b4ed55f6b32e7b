import { existsSync } from 'node:fs';
import { runtimePaths } from '../config/runtime-paths.js';
import { Store } from './store.js';

/** The project's store for a reading command, or null when nothing was ever indexed (reading must not create it). */
export function openExistingStore(root: string): Store | null {
  const file = runtimePaths(root).store;
  return existsSync(file) ? new Store(file) : null;
}
