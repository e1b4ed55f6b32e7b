// Only leaf modules beyond node, all of them in the monitor's graph anyway: this runs in every process.
// `heimdall watch` goes to a lean entry point because yargs alone costs ~14 MB of
// resident memory, a quarter of the monitor's whole budget (measured: bench/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { guardedEntry } from './entry-guard.js';
import { requireBundle } from './require-bundle.js';

export function route(args: string[]): Promise<number> {
  return guardedEntry(async () => {
    const command = firstCommand(args);
    if (command === 'load' || command === 'remove-file') {
      // The executor's calls, one process per batch: without yargs (delegated-main.ts); null is anything else.
      const code = await (await lean('delegated-main', () => import('./delegated-main.js'))).delegatedMain(args);
      if (code !== null) return code;
    }
    if (command === 'search' && args.includes('--json')) {
      // Scripts' and assistants' searches: without yargs (search-main.ts); null is anything else.
      const code = await (await lean('search-main', () => import('./search-main.js'))).searchMain(args);
      if (code !== null) return code;
    }
    if (command === 'hooks' && args[commandIndex(args) + 1] === 'run') {
      // What the installed stubs call after each checkout, merge or rebase: without yargs (hook-run-main.ts).
      const code = await (await lean('hook-run-main', () => import('./hook-run-main.js'))).hookRunMain(args);
      if (code !== null) return code;
    }
    if (command === 'watch' && !args.some((arg) => ['--help', '-h', '--version', '-v'].includes(arg))) {
      (await import('../watch/apply-monitor-flags.js')).applyMonitorFlags();
      const { watchMain } = await import('./watch-main.js');
      return await watchMain(args);
    }
    const { main } = await import('./main.js');
    return await main(args);
  });
}

/**
 * A lean entry as scripts/bundle-lean.js bundled it (dist/lean/*.cjs: one CommonJS file instead of ~56 modules, read
 * at once where the ES module loader would read each through the thread pool, and compiled from V8's code cache:
 * require-bundle.ts), else as tsc wrote it (a build without the bundle step). The same code either way.
 */
async function lean<T>(name: string, unbundled: () => Promise<T>): Promise<T> {
  const bundled = fileURLToPath(new URL(`../lean/${name}.cjs`, import.meta.url));
  return existsSync(bundled) ? requireBundle<T>(bundled) : unbundled();
}

/** The command word: the first argument that is neither an option nor --project-root's value. */
export function firstCommand(args: string[]): string | undefined {
  const at = commandIndex(args);
  return at === -1 ? undefined : args[at];
}

export function commandIndex(args: readonly string[]): number {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--project-root') i++;
    else if (!arg.startsWith('-')) return i;
  }
  return -1;
}
