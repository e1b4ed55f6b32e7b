import type { CommandModule } from 'yargs';
import { pathInputOptions } from '../context.js';
import type { ReconcileArgs } from './reconcile-main.js';

export const removeFileCommand: CommandModule<object, ReconcileArgs> = {
  command: 'remove-file [paths..]',
  describe: "Forget the memories of these paths, whether or not the files exist",
  builder: (y) =>
    y
      .positional('paths', { type: 'string', array: true, describe: 'Files (a directory forgets everything under it)' })
      .options(pathInputOptions)
      .example('$0 remove-file .heimdall/docs/old.md', 'Drop one file from the store') as never,
  handler: async (args) => {
    const { reconcileMain } = await import('./reconcile-main.js');
    process.exitCode = await reconcileMain(args, 'remove');
  },
};
