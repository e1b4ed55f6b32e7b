import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { parseDocument as ParseDocument } from 'yaml';
import { HeimdallError, systemErrorCode } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { readConfigSnapshot } from './config-snapshot.js';
import type { HeimdallConfig } from './config-types.js';
import { parseConfig } from './parse-config.js';
import { runtimePaths } from './runtime-paths.js';
import { cachedYamlValue, rememberYamlValue } from './yaml-value-cache.js';

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
  return parseConfig(yamlValue(root, file, text), root, file, env);
}

function yamlValue(root: string, file: string, text: string): unknown {
  const cached = cachedYamlValue(root, text);
  if (cached !== undefined) return cached;
  const doc = yamlParser()(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new HeimdallError('config', messages.configSyntax(file, doc.errors[0]?.message ?? 'invalid YAML'), { cause: doc.errors[0] });
  }
  const value: unknown = doc.toJS();
  rememberYamlValue(root, text, value);
  return value;
}

// The YAML parser costs ~30 ms to load, a fifth of a delegated `load`: a monitor's child (the snapshot above), a
// project without config.yaml, and a config.yaml read before (yaml-value-cache.ts) never pay it. Loaded synchronously (it is CommonJS under Node's "node" condition).
let parser: typeof ParseDocument | undefined;
function yamlParser(): typeof ParseDocument {
  parser ??= (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parseDocument;
  return parser;
}
