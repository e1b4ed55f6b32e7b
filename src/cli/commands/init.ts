import type { CommandModule } from 'yargs';
import { findProjectRoot } from '../../config/project-root.js';
import { messages } from '../../errors/messages.js';
import type { GlobalArgs } from '../context.js';
import { printJson } from '../output.js';

type InitArgs = GlobalArgs & { hooks?: boolean; json?: boolean };

export const initCommand: CommandModule<object, InitArgs> = {
  command: 'init',
  describe: 'Create .heimdall/ (config.yaml, docs/, .gitignore); running it again changes nothing',
  builder: (y) =>
    y
      .option('hooks', { type: 'boolean', describe: 'Also install the git hooks (--no-hooks: do not ask)' })
      .option('json', { type: 'boolean', describe: 'Print {"root","created":[...],"hooks":...}' })
      .example('$0 init --hooks', 'Set up heimdall and its git hooks in this repository') as never,
  handler: async (args) => {
    const { initProject } = await import('../../config/init-project.js');
    const root = findProjectRoot(process.cwd(), args.projectRoot);
    const created = initProject(root);
    const { decideHooks } = await import('./init-hooks.js');
    const hooks = await decideHooks(root, args.hooks, !args.json);
    if (args.json) return printJson({ root, created, hooks });
    process.stdout.write(created.length > 0 ? `${messages.initCreated(root)}: ${created.join(', ')}\n` : `${messages.initUnchanged(root)}\n`);
    if (hooks) process.stdout.write(`${messages.initHooksInstalled(hooks.hooksDir)}\n`);
  },
};
