import type { StoreConfig } from './store-config.js';

// The resolved configuration every command works from. Keys in config.yaml are
// snake_case (compatible with the original system); here they are camelCase.
export interface RetryPolicy {
  baseMs: number;
  factor: number;
  capMs: number;
  attempts: number;
}

export interface HeimdallConfig {
  /** Absolute, symlink-resolved project root. */
  root: string;
  /** The config file that was read, or null when the defaults apply. */
  configFile: string | null;
  monitoring: {
    /** Project-relative POSIX paths, no trailing slash ('' never: the root itself is '.'). */
    targetPaths: string[];
    /** Lower-case, with the leading dot. */
    extensions: string[];
    ignorePatterns: string[];
    settleMs: number;
    settleCapMs: number;
    /** How often the monitor writes its heartbeat canary (seconds; fractions allowed). */
    heartbeatS: number;
  };
  load: {
    maxFileBytes: number;
  };
  executor: {
    /** argv; null means this package's own CLI through the current node. */
    loadCommand: string[] | null;
    removeCommand: string[] | null;
    batchSize: number;
    /** Per-call deadline; null means scaled by batch size. */
    timeoutMs: number | null;
    retry: RetryPolicy;
    /** The monitor keeps one `load` child started ahead of its next batch (executor/warm-load.ts). */
    warmStart: boolean;
  };
  logging: {
    maxBytes: number;
    keep: number;
  };
  /** Where the store lives: SQLite in `.heimdall/` (url null), or a PostgreSQL database (store-config.ts). */
  store: StoreConfig;
  mcp: {
    /** Where `remember` writes memories: a project-relative POSIX path (inside a target path to be indexed). */
    memoriesDir: string;
    /** How long an answer waits for the monitor to apply what changed before the call. */
    freshnessMs: number;
    /** With no monitor running, `heimdall mcp` starts one in the background. */
    startMonitor: boolean;
  };
}
