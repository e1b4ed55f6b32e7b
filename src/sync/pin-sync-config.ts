import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { configSnapshotVariable, writeConfigSnapshot } from '../config/config-snapshot.js';
import type { HeimdallConfig } from '../config/config-types.js';
import { messages } from '../errors/messages.js';
import { processAlive } from '../process/process-alive.js';

export interface PinnedConfig {
  /** For the executor's children: where the snapshot is (empty when it could not be written: they read config.yaml then). */
  readonly env: NodeJS.ProcessEnv;
  /** Removes the snapshot once the children are done. */
  release(): void;
}

const snapshotName = /^sync-config\.(\d+)\.\d+\.json$/;
let written = 0;

/**
 * The config a sync computed its candidates with, as the snapshot its `load` and `remove-file` children
 * read instead of config.yaml (config-snapshot.ts, as the monitor's children do): they judge each path
 * by the scope that made it a candidate, and parse no YAML. An edit of config.yaml while the sync runs
 * (valid or not) reaches none of them; the next sync applies it, or the monitor's reload.
 */
export function pinSyncConfig(runDir: string, config: HeimdallConfig, log: (line: string) => void): PinnedConfig {
  // Per process and call: syncs that outwait the lock, or two of the MCP server's, do not share a file.
  const file = path.join(runDir, `sync-config.${process.pid}.${++written}.json`);
  try {
    mkdirSync(runDir, { recursive: true });
    removeOrphans(runDir);
    writeConfigSnapshot(file, config);
  } catch (error) {
    log(messages.sync.snapshotUnwritable(file, (error as Error).message));
    return { env: {}, release: () => {} };
  }
  return { env: { [configSnapshotVariable]: file }, release: () => rmSync(file, { force: true }) };
}

/** The snapshots of syncs that were killed (SIGKILL) before they could remove theirs. */
function removeOrphans(runDir: string): void {
  for (const name of readdirSync(runDir)) {
    const pid = Number(snapshotName.exec(name)?.[1] ?? 0);
    if (pid > 0 && pid !== process.pid && !processAlive(pid)) rmSync(path.join(runDir, name), { force: true });
  }
}
