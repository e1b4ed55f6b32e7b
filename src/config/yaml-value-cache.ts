import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { runtimePaths } from './runtime-paths.js';
import { writePrivateFile } from './write-private-file.js';

// What the YAML parser made of config.yaml, kept beside the other runtime files with the very text it came from:
// loading the parser costs ~30 ms (72 modules), a fifth of a hand-run `load` or a `search --json`, and the file
// rarely changes. Keyed by the whole text, not its stat: an edit within a timestamp's resolution, or a checkout
// that puts back an old mtime, still misses. Only the YAML step is cached: validation (parse-config.ts) runs every
// time, so the environment (HEIMDALL_STORE_URL, MONITORING_TARGET_PATH) and the root still count, and every error
// reads as without a cache. Bump the format when what is stored here changes meaning.
const format = 1;

type Entry = { format: number; text: string; value: unknown };

const cacheFile = (root: string) => path.join(runtimePaths(root).runDir, 'config-yaml.json');

/** The value cached for exactly this text, or undefined (none, another text, unreadable). */
export function cachedYamlValue(root: string, text: string): unknown {
  try {
    const entry = JSON.parse(readFileSync(cacheFile(root), 'utf8')) as Partial<Entry> | null;
    return entry?.format === format && entry.text === text ? entry.value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the value for the next process, when JSON holds it exactly (`.inf`, say, would come back as null: such a
 * file is parsed each time). Best effort: a read-only checkout just goes without.
 */
export function rememberYamlValue(root: string, text: string, value: unknown): void {
  try {
    const json = JSON.stringify({ format, text, value } satisfies Entry);
    if (!isDeepStrictEqual((JSON.parse(json) as Entry).value, value)) return;
    const file = cacheFile(root);
    mkdirSync(path.dirname(file), { recursive: true });
    writePrivateFile(file, `${json}\n`);
  } catch {
    // No cache this time.
  }
}
