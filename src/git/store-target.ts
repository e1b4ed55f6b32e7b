import type { HeimdallConfig } from '../config/config-types.js';
import { runtimePaths } from '../config/runtime-paths.js';
import type { StoreTarget } from '../config/store-config.js';

/**
 * The store the config names, its PostgreSQL namespace resolved (store.project, else the repository's:
 * project-namespace.ts, imported only then, so that a SQLite project's `load` and `search` never load git).
 */
export async function storeTarget(config: HeimdallConfig): Promise<StoreTarget> {
  const { url, project } = config.store;
  if (url === null) return { kind: 'sqlite', file: runtimePaths(config.root).store };
  return { kind: 'postgres', url, project: project ?? (await (await import('./project-namespace.js')).projectNamespace(config.root)) };
}
