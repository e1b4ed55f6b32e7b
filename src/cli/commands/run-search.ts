import type { HeimdallConfig } from '../../config/config-types.js';
import { storeLocation } from '../../config/store-location.js';
import { HeimdallError } from '../../errors/heimdall-error.js';
import { messages } from '../../errors/messages.js';
import { storeTarget } from '../../git/store-target.js';
import { colorEnabled } from '../color-enabled.js';
import { formatSearchHits } from '../format-search-hits.js';
import { printJson } from '../output.js';

export interface SearchRequest {
  query: string;
  limit: number;
  paths?: string[] | undefined;
  tags?: string[] | undefined;
  json: boolean;
}

/** What `heimdall search` does once its words and flags are read, by yargs (search.ts) or by search-main.ts. */
export async function runSearch(config: HeimdallConfig, request: SearchRequest): Promise<void> {
  const { query } = request;
  const { searchMemories } = await import('../../recall/search-memories.js');
  const { openStoreBackend } = await import('../../store/open-backend.js');
  const target = await storeTarget(config);
  const store = await openStoreBackend(target, 'read');
  if (store === null) throw new HeimdallError('no-store', messages.noStore(storeLocation(target)));
  let result;
  try {
    result = await searchMemories(store, query, { limit: request.limit, paths: request.paths, tags: request.tags, targetPaths: config.monitoring.targetPaths });
  } finally {
    await store.close();
  }
  if (result.kind === 'only-exclusions') throw new HeimdallError('usage', messages.usage.onlyExclusions(result.excluded));
  const { words, excluded, fallback, hits } = result;
  if (request.json) return printJson({ query, hits, words, excluded, fallback });
  if (hits.length === 0) return void process.stdout.write(`${messages.noHits(query)}\n`);
  if (fallback) process.stdout.write(`${messages.searchFallback(words)}\n\n`);
  process.stdout.write(formatSearchHits(hits, colorEnabled(process.stdout)));
}
