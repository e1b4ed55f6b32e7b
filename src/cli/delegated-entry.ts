import { delegatedMain } from './delegated-main.js';
import { guardedEntry } from './entry-guard.js';

export { delegatedMain };

/**
 * The executor's own entry for `load` and `remove-file` (executor/command-argv.ts), run by node directly as
 * dist/lean/delegated-main.cjs (scripts/bundle-lean.js): neither bin/heimdall.js nor route.ts, and no ES module
 * loader at all, which reads each module through the thread pool and waits (~14 ms of a ~125 ms call,
 * bench/call-floor.js). An argv the lean parser does not take (`--help`, a typo) goes to the yargs CLI, as
 * through the bin.
 */
export function runDelegated(args: string[]): Promise<number> {
  return guardedEntry(async () => {
    const code = await delegatedMain(args);
    if (code !== null) return code;
    // Not a literal: the bundle must not take the whole CLI in. From dist/lean/ and dist/cli/ alike, dist/cli/.
    const { main } = (await import(new URL('../cli/main.js', import.meta.url).href)) as typeof import('./main.js');
    return main(args);
  });
}
