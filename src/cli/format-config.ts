import { Document, isMap, isScalar, visit } from 'yaml';
import type { HeimdallConfig } from '../config/config-types.js';
import { messages } from '../errors/messages.js';
import { redactUrl } from '../config/redact-url.js';

// The config file's key where it is not the camelCase name in snake_case (one path or a list there).
const fileKeys: Record<string, string> = { targetPaths: 'target_path' };
const snake = (key: string) => fileKeys[key] ?? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * `heimdall config` for people: YAML with the keys of `.heimdall/config.yaml`, so that it can be
 * read against the file or pasted into one. Unset keys (null: their default applies) are left out
 * and named in a comment, because `key: null` in the file would not mean the same for every key.
 */
export function formatConfig(config: HeimdallConfig): string {
  const { root, configFile, ...all } = config;
  // For people, who paste it: never the password. (`config --json`, which the monitor reads its config from, keeps it.)
  const settings = { ...all, store: { ...all.store, url: all.store.url === null ? null : redactUrl(all.store.url) } };
  const unset: string[] = [];
  const convert = (value: unknown, at: string): unknown => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const name = snake(key);
      if (inner === null) unset.push(`${at}${name}`);
      else out[name] = convert(inner, `${at}${name}.`);
    }
    return out;
  };
  const doc = new Document(convert(settings, ''));
  // Lists on one line, as in the file `heimdall init` writes.
  visit(doc, { Seq: (_, node) => void (node.flow = true) });
  // A blank line between the sections, as there.
  if (isMap(doc.contents)) for (const pair of doc.contents.items.slice(1)) if (isScalar(pair.key)) pair.key.spaceBefore = true;
  const header = [messages.configShown(root, configFile)];
  if (unset.length > 0) header.push(messages.configUnset(unset));
  return `${header.map((line) => `# ${line}`).join('\n')}\n${doc.toString({ flowCollectionPadding: false })}`;
}
