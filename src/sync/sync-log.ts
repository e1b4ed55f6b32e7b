import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { HeimdallConfig } from '../config/config-types.js';
import { runtimePaths } from '../config/runtime-paths.js';
import { fileSize } from '../paths/file-size.js';
import { rotateLog } from '../process/rotate-log.js';

/**
 * The background hooks' log, .heimdall/logs/sync.log: one timestamped line per note,
 * rotated (sync.log.1 ... sync.log.N, logging.keep of them) once it passes
 * logging.max_bytes. Lines are appended by path, not through an inherited descriptor,
 * so a rotation by one sync never leaves the next writing into a rotated file.
 * Logging never fails a sync: a read-only .heimdall just loses the lines.
 */
export function openSyncLog(root: string, logging: HeimdallConfig['logging'], tag: string): (line: string) => void {
  const dir = runtimePaths(root).logsDir;
  const file = path.join(dir, 'sync.log');
  try {
    mkdirSync(dir, { recursive: true });
    const size = fileSize(file);
    if (size !== null && size >= logging.maxBytes) rotateLog(file, logging.keep);
  } catch {
    // see above
  }
  return (line) => {
    try {
      appendFileSync(file, `${new Date().toISOString()} [${tag} ${process.pid}] ${line}\n`);
    } catch {
      // see above
    }
  };
}
