import type { CommandModule } from 'yargs';
import { pathInputOptions } from '../context.js';
import type { ReconcileArgs } from './reconcile-main.js';

export const loadCommand: CommandModule<object, ReconcileArgs> = {
  command: 'load [paths..]',
  describe: 'Index docs files (directories expand); paths that no longer exist are removed',
  builder: (y) =>
    y
      .positional('paths', { type: 'string', array: true, describe: 'Files or directories' })
      .options(pathInputOptions)
      .example('$0 load .heimdall/docs', 'Index every docs file under the folder')
      .example('git diff --name-only | $0 load --files-from -', 'Reconcile the paths listed on stdin') as never,
  handler: async (args) => {
    const { reconcileMain } = await import('./reconcile-main.js');
    process.exitCode = await reconcileMain(args, 'load');
  },
};
