import type { FileResult } from '../contract/load-report.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { Store } from '../store/store.js';
import { reconcilePaths, type ReconcileOptions } from './reconcile-paths.js';
import { storeFailure } from './store-failure.js';
import { storeOpensQuickly } from './store-opens-quickly.js';

export interface ReconcileCall {
  results: FileResult[];
  /** The store could not be opened: then every path failed with this error (as storeFailure words it). */
  storeError: HeimdallError | null;
}

/**
 * One `load` / `remove-file` call against the store file. A store that cannot be opened still
 * gives a result per path, failed with the store's error: busy, a full disk or no descriptors
 * left are temporary (callers retry), corrupt, too new or unwritable is permanent (the executor
 * must not retry what cannot succeed).
 */
export async function reconcileCall(storeFile: string, inputs: string[], options: ReconcileOptions): Promise<ReconcileCall> {
  let store: Store;
  try {
    // Creating, migrating or switching a store to WAL takes the write lock, and may wait out a busy store.
    if (options.beforeBlocking !== undefined && !storeOpensQuickly(storeFile)) options.beforeBlocking();
    store = new Store(storeFile);
  } catch (error) {
    if (!(error instanceof HeimdallError)) throw error;
    const failure = storeFailure(error);
    return { results: inputs.map((path) => ({ path, action: 'failed' as const, memories: 0, error: failure })), storeError: error };
  }
  try {
    return { results: await reconcilePaths(store, inputs, options), storeError: null };
  } finally {
    store.close();
  }
}
