import type { CommandModule } from 'yargs';

// Placeholder until its concern lands: registered so that the command list is complete.
export const syncCommand: CommandModule = {
  command: 'sync',
  describe: false,
  handler: () => {
    throw new Error('not implemented yet');
  },
};
