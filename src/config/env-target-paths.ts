import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';

export const targetPathVariable = 'MONITORING_TARGET_PATH';

/**
 * MONITORING_TARGET_PATH, which overrides monitoring.target_path: one path or a
 * comma-separated list. Spaces around each path are dropped (`docs, notes`) and so are
 * empty items (a trailing comma), since a docs folder named " docs" or "" is never meant.
 * Unset or empty: null, the config file applies (`MONITORING_TARGET_PATH= heimdall sync`
 * is how a shell unsets it for one command). A value naming no path at all (`,`) is an error.
 * A path containing a comma can only be set in config.yaml.
 */
export function envTargetPaths(env: NodeJS.ProcessEnv): string[] | null {
  const value = env[targetPathVariable];
  if (value === undefined || value === '') return null;
  const paths = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (paths.length === 0) throw new HeimdallError('config', messages.envValue(targetPathVariable, `one path or a comma-separated list of paths (got ${JSON.stringify(value)})`));
  return paths;
}
