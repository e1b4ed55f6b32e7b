import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { nearestName } from './nearest-name.js';

/** Every key config.yaml may hold, by the mapping it sits in ('' is the top level). */
const knownKeys: Record<string, readonly string[]> = {
  '': ['monitoring', 'load', 'executor', 'logging', 'mcp', 'store'],
  monitoring: ['target_path', 'extensions', 'ignore_patterns', 'settle_ms', 'settle_cap_ms', 'heartbeat_s'],
  load: ['max_file_bytes'],
  executor: ['load_command', 'remove_command', 'batch_size', 'timeout_ms', 'retry', 'warm_start'],
  'executor.retry': ['base_ms', 'factor', 'cap_ms', 'attempts'],
  logging: ['max_bytes', 'keep'],
  mcp: ['memories_dir', 'freshness_ms', 'start_monitor'],
  store: ['url', 'project'],
};

const allKeys = Object.entries(knownKeys).flatMap(([section, keys]) => keys.map((key) => join(section, key)));

/**
 * Refuses a key heimdall does not know, at any depth: a typo (`monitoring.targt_path`) would
 * otherwise be ignored and the default used without a word. The suggestion is the closest key
 * of the same mapping, else the same key in another section (`monitoring.max_file_bytes` ->
 * `load.max_file_bytes`).
 */
export function checkConfigKeys(mapping: Record<string, unknown>, section: string, file: string): void {
  const known = knownKeys[section] ?? [];
  for (const key of Object.keys(mapping)) {
    if (known.includes(key)) continue;
    const sibling = nearestName(key, known);
    const suggestion = sibling !== null ? join(section, sibling) : (allKeys.find((full) => full.endsWith(`.${key}`)) ?? null);
    throw new HeimdallError('config', messages.configUnknownKey(file, join(section, key), suggestion, known.map((name) => join(section, name))));
  }
}

function join(section: string, key: string): string {
  return section === '' ? key : `${section}.${key}`;
}
