import type { CommandModule } from 'yargs';
import type { SyncArgs } from './sync-main.js';
import { nonEmpty } from '../option-values.js';

export const syncCommand: CommandModule<object, SyncArgs> = {
  command: 'sync',
  describe: 'Reconcile the store with the docs: everything changed since REV (git), or a full scan',
  builder: (y) =>
    y
      .option('since', {
        type: 'string',
        requiresArg: true,
        coerce: nonEmpty('--since'),
        describe: 'Only the docs that differ between REV and the working tree (committed or not), plus untracked docs',
      })
      .option('dry-run', { type: 'boolean', describe: 'List what would be loaded or removed; change nothing' })
      .option('json', { type: 'boolean', describe: 'Print one JSON object: {"results","summary","durationMs",...} as `load` does' })
      // Internal (benchmarks, debugging): send every docs file to load instead of trusting size and mtime.
      .option('fast-path', { type: 'boolean', default: true, hidden: true })
      .example('$0 sync', 'Full reconcile of the docs folders against the store (cheap when little changed)')
      .example('$0 sync --since HEAD~1', 'Only what the last commit and the working tree changed')
      .example('$0 sync --since origin/main --dry-run', 'What a sync since origin/main would touch') as never,
  handler: async (args) => {
    const { syncMain } = await import('./sync-main.js');
    process.exitCode = await syncMain(args);
  },
};
