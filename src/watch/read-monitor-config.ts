import { configSnapshotVariable, isResolvedConfig } from '../config/config-snapshot.js';
import type { HeimdallConfig } from '../config/config-types.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { runHeimdall } from './run-heimdall.js';

/**
 * The resolved config, from `heimdall config --json` in a subprocess: the monitor
 * must not pay ~9 MB for a YAML parser it needs once at start and on SIGHUP.
 */
export async function readMonitorConfig(root: string): Promise<HeimdallConfig> {
  // The file itself, never a snapshot of a config the monitor already runs.
  const run = runHeimdall(['config', '--json', '--project-root', root], { timeoutMs: 30_000, env: { ...process.env, [configSnapshotVariable]: undefined } });
  const { code, stdout, stderr, error } = await run.done;
  const detail = (error?.message ?? stderr.trim()) || `exit ${code}`;
  if (code !== 0) throw new HeimdallError('config', messages.watch.configFailed(detail), { cause: error });
  let config: HeimdallConfig;
  try {
    config = JSON.parse(stdout) as HeimdallConfig;
  } catch (cause) {
    throw new HeimdallError('config', messages.watch.configFailed(`not JSON: ${stdout.slice(0, 200)}`), { cause });
  }
  if (!isResolvedConfig(config)) {
    throw new HeimdallError('config', messages.watch.configFailed('the JSON does not have the shape of a resolved config'));
  }
  return config;
}
