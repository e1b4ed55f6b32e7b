// Only leaf modules beyond node, all of them in the monitor's graph anyway: this runs in every process.
// `heimdall watch` goes to a lean entry point because yargs alone costs ~14 MB of
// resident memory, a quarter of the monitor's whole budget (measured: bench/).
// The resource check is imported here, statically, because out of file descriptors the module loader
// itself fails (it opens a command's modules in parallel), and then nothing more could be imported to say so.
import { existsSync } from 'node:fs';
import { resourceError } from '../errors/resource-error.js';

export async function route(args: string[]): Promise<number> {
  quietOnClosedPipe();
  try {
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
  } catch (error) {
    const resource = resourceError(error);
    if (resource === null) throw error;
    process.stderr.write(`heimdall: ${resource.message}\n`);
    return resource.exitCode;
  }
}

/**
 * A lean entry as scripts/bundle-lean.js bundled it (dist/lean/: a few modules instead of ~56, ~20 ms less per
 * call), else as tsc wrote it (a build without the bundle step). The same code either way.
 */
async function lean<T>(name: string, unbundled: () => Promise<T>): Promise<T> {
  const bundled = new URL(`../lean/${name}.js`, import.meta.url);
  return existsSync(bundled) ? (import(bundled.href) as Promise<T>) : unbundled();
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

/**
 * `heimdall sources | head -1`: once the reader is gone, what is left to print has nowhere
 * to go, which is no error (Node would die of the EPIPE with a stack trace). The command
 * finishes and exits with its own code, so `monitor health | head -1` still tells health.
 */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}
