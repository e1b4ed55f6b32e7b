import type { HeimdallConfig } from '../config/config-types.js';
import type { Collector } from './collect-garbage.js';
import type { FreshnessKeeper } from './freshness.js';
import type { StoreReader } from './store-reader.js';

/** What every tool and resource of one `heimdall mcp` process shares (one per process, whatever the transport). */
export interface McpContext {
  root: string;
  version: string;
  config(): HeimdallConfig;
  /** Why the last edit of config.yaml was refused, or null. */
  configError(): string | null;
  freshness: FreshnessKeeper;
  reader: StoreReader;
  /** Told of every answer (a full collection now and then keeps the long-lived process flat). */
  collector: Collector;
  /** A line on stderr (stdout is the MCP channel under stdio). */
  log(line: string): void;
}

/** A doc's resource URI: `heimdall://doc/` and its project-relative path, each segment percent-encoded. */
export function docUri(rel: string): string {
  return `heimdall://doc/${rel.split('/').map(encodeURIComponent).join('/')}`;
}
