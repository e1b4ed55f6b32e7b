import type { FileResult } from '../contract/load-report.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import type { StoreTarget } from '../config/store-config.js';
import { openStoreBackend } from '../store/open-backend.js';
import type { StoreBackend } from '../store/store-backend.js';
import { reconcilePaths, type ReconcileOptions } from './reconcile-paths.js';
import { storeFailure } from './store-failure.js';
import { storeOpensQuickly } from './store-opens-quickly.js';

export interface ReconcileCall {
  results: FileResult[];
  /** The store could not be opened: then every path failed with this error (as storeFailure words it). */
  storeError: HeimdallError | null;
}

/**
 * One `load` / `remove-file` call against the store (a SQLite file or a PostgreSQL project: `target`). A store that cannot be opened still
 * gives a result per path, failed with the store's error: busy, a full disk or no descriptors
 * left are temporary (callers retry), corrupt, too new or unwritable is permanent (the executor
 * must not retry what cannot succeed).
 */
export async function reconcileCall(target: StoreTarget, inputs: string[], options: ReconcileOptions): Promise<ReconcileCall> {
  let store: StoreBackend;
  try {
    // Creating, migrating or switching a store to WAL takes the write lock, and may wait out a busy store; a
    // connection to a server may wait out its timeout.
    if (options.beforeBlocking !== undefined && (target.kind !== 'sqlite' || !storeOpensQuickly(target.file))) options.beforeBlocking();
    store = (await openStoreBackend(target, 'write'))!;
  } catch (error) {
    if (!(error instanceof HeimdallError)) throw error;
    const failure = storeFailure(error);
    return { results: inputs.map((path) => ({ path, action: 'failed' as const, memories: 0, error: failure })), storeError: error };
  }
  try {
    return { results: await reconcilePaths(store, inputs, options), storeError: null };
  } finally {
    await store.close();
  }
}
