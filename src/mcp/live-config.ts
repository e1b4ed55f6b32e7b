import { statSync } from 'node:fs';
import type { HeimdallConfig } from '../config/config-types.js';
import { loadConfig } from '../config/load-config.js';
import { runtimePaths } from '../config/runtime-paths.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';

export interface LiveConfig {
  /** The config as of now: read again when `.heimdall/config.yaml` changed since the last call. */
  current(): HeimdallConfig;
  /** Why the last edit was refused (the previous config stays in use), or null. */
  readonly error: string | null;
}

/**
 * The server lives as long as the assistant's session, while the config may be edited under it (a new
 * docs folder, another memories_dir). A stat per call is the cost; an invalid edit keeps the config that
 * worked, as the monitor does, and says why in `status`.
 */
export function liveConfig(initial: HeimdallConfig, log: (line: string) => void): LiveConfig {
  const file = runtimePaths(initial.root).configFile;
  let config = initial;
  let seen = stamp(file);
  let error: string | null = null;
  return {
    current() {
      const now = stamp(file);
      if (now === seen) return config;
      seen = now;
      try {
        config = loadConfig(initial.root);
        error = null;
      } catch (failure) {
        if (!(failure instanceof HeimdallError)) throw failure;
        error = failure.message;
        log(messages.mcp.configReloadFailed(failure.message));
      }
      return config;
    },
    get error() {
      return error;
    },
  };
}

function stamp(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'absent';
  }
}
