// Only leaf modules beyond node, all of them in the monitor's graph anyway: this runs in every process.
// `heimdall watch` goes to a lean entry point because yargs alone costs ~14 MB of
// resident memory, a quarter of the monitor's whole budget (measured: bench/).
// The resource check is imported here, statically, because out of file descriptors the module loader
// itself fails (it opens a command's modules in parallel), and then nothing more could be imported to say so.
import { resourceError } from '../errors/resource-error.js';

export async function route(args: string[]): Promise<number> {
  try {
    if (firstCommand(args) === 'watch' && !args.some((arg) => arg === '--help' || arg === '-h')) {
      (await import('../watch/apply-monitor-flags.js')).applyMonitorFlags();
      const { watchMain } = await import('../watch/watch-main.js');
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

function firstCommand(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--project-root') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}
