import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * This package's own entry point, bin/heimdall.js (dist/paths/ -> bin/), whatever the cwd or
 * PATH: what the executor, the monitor and the installed hooks run heimdall through.
 */
export const ownBin = fileURLToPath(new URL('../../bin/heimdall.js', import.meta.url));

const bundledDelegated = fileURLToPath(new URL('../lean/delegated-main.cjs', import.meta.url));
let delegated: string | undefined;

/**
 * What the executor's default `load` / `remove-file` calls run: the bundled entry (cli/delegated-entry.ts, ~14 ms
 * faster a call than through the bin), or the bin in a build without the bundle step. The same argv after it.
 */
export function ownDelegatedEntry(): string {
  delegated ??= existsSync(bundledDelegated) ? bundledDelegated : ownBin;
  return delegated;
}
