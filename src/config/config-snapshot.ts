import { readFileSync, rmSync } from 'node:fs';
import type { HeimdallConfig } from './config-types.js';
import { writePrivateFile } from './write-private-file.js';

/**
 * Set by the monitor for the `load`, `remove-file` and catch-up `sync` it runs: the resolved
 * config the running job started under (a batch: the config its paths were chosen with), as a
 * JSON file rewritten only between jobs. Its children then work under the same config as the
 * monitor, even while `.heimdall/config.yaml` holds an edit the monitor refused (invalid YAML):
 * otherwise every one of them would fail on it and nothing would be applied; and a reload during
 * a batch does not make its children refuse paths it chose under the previous one. A sync sets it
 * too, for its own `load` and `remove-file` (sync/pin-sync-config.ts): the config it found its
 * candidates with.
 */
export const configSnapshotVariable = 'HEIMDALL_CONFIG_SNAPSHOT';

/** Enough of the shape of `heimdall config --json` to trust it. */
export function isResolvedConfig(value: unknown): value is HeimdallConfig {
  const config = value as Partial<HeimdallConfig> | null;
  const m = config?.monitoring;
  return (
    typeof config?.root === 'string' &&
    m !== undefined && Array.isArray(m.targetPaths) && Array.isArray(m.extensions) && Array.isArray(m.ignorePatterns) &&
    typeof m.settleMs === 'number' && typeof config.load?.maxFileBytes === 'number' && config.executor !== undefined && config.logging !== undefined &&
    config.store !== undefined
  );
}

/** Atomic (write, then rename over): a child reading it sees the previous config or the next, never half of one. */
export function writeConfigSnapshot(file: string, config: HeimdallConfig): void {
  writePrivateFile(file, `${JSON.stringify(config)}\n`);
}

/** Like writeConfigSnapshot, but a failure removes the snapshot (a stale one is worse than none) and returns the reason. */
export function updateConfigSnapshot(file: string, config: HeimdallConfig): string | null {
  try {
    writeConfigSnapshot(file, config);
    return null;
  } catch (error) {
    rmSync(file, { force: true });
    return (error as Error).message;
  }
}

/** The monitor's config when this process is one of its children for this very project; else null (read config.yaml). */
export function readConfigSnapshot(root: string, env: NodeJS.ProcessEnv): HeimdallConfig | null {
  const file = env[configSnapshotVariable];
  if (file === undefined || file === '') return null;
  try {
    const config: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isResolvedConfig(config) && config.root === root ? config : null;
  } catch {
    return null;
  }
}
