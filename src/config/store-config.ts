import { HeimdallError } from '../errors/heimdall-error.js';
import { messages, postgresMessages } from '../errors/messages.js';
import { nearestName } from './nearest-name.js';
import { redactUrl } from './redact-url.js';

export const storeUrlVariable = 'HEIMDALL_STORE_URL';

/** Where the store lives (config.yaml's `store` mapping). */
export interface StoreConfig {
  /** A `postgresql://` URL: the store is in that database, shared by every checkout that names it; null: SQLite in `.heimdall/`. */
  url: string | null;
  /** The namespace inside that database; null: the git remote's URL, else the project root's path (git/project-namespace.ts). */
  project: string | null;
}

const keys = ['url', 'project'] as const;

/**
 * The `store` mapping of config.yaml (`url`, `project`), HEIMDALL_STORE_URL overriding `url` (empty: unset, as
 * MONITORING_TARGET_PATH is). A URL is never echoed with its password: the messages show it redacted.
 */
export function parseStoreConfig(raw: unknown, where: string, env: NodeJS.ProcessEnv = process.env): StoreConfig {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new HeimdallError('config', messages.configKey(where, 'store', 'a mapping'));
  const mapping = raw as Record<string, unknown>;
  for (const key of Object.keys(mapping)) {
    if ((keys as readonly string[]).includes(key)) continue;
    const near = nearestName(key, keys);
    throw new HeimdallError('config', messages.configUnknownKey(where, `store.${key}`, near === null ? null : `store.${near}`, keys.map((name) => `store.${name}`)));
  }
  const fromEnv = env[storeUrlVariable];
  let url: string | null = null;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isPostgresUrl(fromEnv)) throw new HeimdallError('config', messages.envValue(storeUrlVariable, postgresMessages.urlExpected(redactUrl(fromEnv))));
    url = fromEnv;
  } else if (mapping['url'] !== undefined && mapping['url'] !== null) {
    const value = mapping['url'];
    if (typeof value !== 'string' || !isPostgresUrl(value)) {
      throw new HeimdallError('config', messages.configKey(where, 'store.url', postgresMessages.urlExpected(typeof value === 'string' ? redactUrl(value) : JSON.stringify(value))));
    }
    url = value;
  }
  const project = mapping['project'];
  if (project !== undefined && project !== null && (typeof project !== 'string' || project.trim() === '')) {
    throw new HeimdallError('config', messages.configKey(where, 'store.project', 'a non-empty string'));
  }
  return { url, project: typeof project === 'string' ? project : null };
}

function isPostgresUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The one store a command opens: the SQLite file in `.heimdall/`, or a project's namespace in a PostgreSQL database
 * (the namespace resolved: store.project, else git/store-target.ts's default).
 */
export type StoreTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; project: string };
