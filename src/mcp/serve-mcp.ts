import type { HeimdallConfig } from '../config/config-types.js';
import { messages } from '../errors/messages.js';
import { createCollector } from './collect-garbage.js';
import { createFreshness } from './freshness.js';
import { liveConfig } from './live-config.js';
import type { McpContext } from './mcp-context.js';
import { memoriesAreDocs } from './remember-memory.js';
import { serveHttp, type HttpOptions } from './serve-http.js';
import { serveStdio } from './serve-stdio.js';
import { StoreReader } from './store-reader.js';
import { storeTarget } from '../git/store-target.js';

export interface McpServeOptions {
  config: HeimdallConfig;
  version: string;
  /** null: stdio. */
  http: HttpOptions | null;
}

/** `heimdall mcp`: serves until the client goes (stdin ends) or a signal (SIGINT, SIGTERM) ends it. */
export async function serveMcp(options: McpServeOptions): Promise<void> {
  const { root } = options.config;
  const log = (line: string) => void process.stderr.write(`heimdall mcp: ${line}\n`);
  const live = liveConfig(options.config, log);
  const config = () => live.current();
  const reader = new StoreReader(await storeTarget(options.config));
  const context: McpContext = {
    root,
    version: options.version,
    config,
    configError: () => live.error,
    freshness: createFreshness(root, config, log),
    reader,
    collector: createCollector(),
    log,
  };
  const { memoriesDir, startMonitor } = options.config.mcp;
  if (!memoriesAreDocs(options.config)) log(messages.mcp.memoriesDirNotDocs(memoriesDir, options.config.monitoring.targetPaths));
  if (startMonitor) await context.freshness.prepare();
  const stopped = stopSignal(options.http === null);
  try {
    if (options.http === null) await serveStdio(context, stopped);
    else await serveHttp(context, options.http, stopped);
  } finally {
    await reader.close();
  }
}

/** Resolves on SIGINT or SIGTERM, or (stdio) once the client closes stdin. */
function stopSignal(watchStdin: boolean): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
    if (watchStdin) {
      process.stdin.once('end', done);
      process.stdin.once('close', done);
    }
  });
}
