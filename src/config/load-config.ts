import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { HeimdallError, systemErrorCode } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { readConfigSnapshot } from './config-snapshot.js';
import type { HeimdallConfig } from './config-types.js';
import { parseConfig } from './parse-config.js';
import { runtimePaths } from './runtime-paths.js';

/** Reads `.heimdall/config.yaml` under `root` (absent means defaults) and validates it; a monitor's child takes the monitor's. */
export function loadConfig(root: string, env: NodeJS.ProcessEnv = process.env): HeimdallConfig {
  const pinned = readConfigSnapshot(root, env);
  if (pinned !== null) return pinned;
  const file = runtimePaths(root).configFile;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return parseConfig({}, root, null, env);
    throw new HeimdallError('config', messages.configUnreadable(file), { cause: error });
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new HeimdallError('config', messages.configSyntax(file, doc.errors[0]?.message ?? 'invalid YAML'), { cause: doc.errors[0] });
  }
  return parseConfig(doc.toJS(), root, file, env);
}
