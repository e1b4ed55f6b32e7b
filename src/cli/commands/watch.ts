import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';

type WatchArgs = GlobalArgs & { backend?: string; logFile?: string };

// Only `heimdall watch --help` comes through yargs: src/cli/route.ts sends every other
// `watch` to the lean src/cli/watch-main.ts, which parses the same flags itself.
export const watchCommand: CommandModule<object, WatchArgs> = {
  command: 'watch',
  describe: 'Run the monitor in the foreground (logs to stderr): keeps the store in sync as docs change',
  builder: (y) =>
    y
      .option('backend', { choices: ['auto', 'watchman', 'node'], default: 'auto', describe: 'auto: Watchman, else the Node fallback (with a warning)' })
      .option('log-file', { type: 'string', describe: 'Log to FILE (rotated at logging.max_bytes) instead of stderr' })
      .example('$0 watch', 'Watch until Ctrl-C (exit 3 if a monitor already runs for the project)')
      .example('$0 monitor start', 'The same in the background') as never,
  handler: async (args) => {
    const { watchMain } = await import('../watch-main.js');
    const argv = ['watch'];
    if (args.projectRoot !== undefined) argv.push('--project-root', args.projectRoot);
    if (args.backend !== undefined) argv.push('--backend', args.backend);
    if (args.logFile !== undefined) argv.push('--log-file', args.logFile);
    process.exitCode = await watchMain(argv);
  },
};
