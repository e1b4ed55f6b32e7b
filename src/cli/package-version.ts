import { readFileSync } from 'node:fs';

/** This package's version, from its package.json (dist/cli/ -> the package root; npm always ships package.json). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
