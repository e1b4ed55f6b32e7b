import type { StoreTarget } from './store-config.js';
import { redactUrl } from './redact-url.js';
import { postgresMessages } from '../errors/messages.js';

/** The store a target names, as people read it: the SQLite file, or the database URL without its password and the project. */
export function storeLocation(target: StoreTarget): string {
  return target.kind === 'sqlite' ? target.file : postgresMessages.where(redactUrl(target.url), target.project);
}
