import type { CommandModule } from 'yargs';
import { initRoot } from '../../config/project-root.js';
import { isHeimdallError } from '../../errors/heimdall-error.js';
import { messages } from '../../errors/messages.js';
import type { GlobalArgs } from '../context.js';
import { nonEmpty } from '../option-values.js';
import { printJson } from '../output.js';

type InitArgs = GlobalArgs & { hooks?: boolean; docs?: string; json?: boolean };

export const initCommand: CommandModule<object, InitArgs> = {
  command: 'init',
  describe: 'Create .heimdall/ (config.yaml, docs/, .gitignore) here, or in the project above; running it again changes nothing',
  builder: (y) =>
    y
      .option('hooks', { type: 'boolean', describe: 'Also install the git hooks (--no-hooks: do not ask)' })
      .option('docs', { type: 'string', requiresArg: true, coerce: nonEmpty('--docs'), describe: 'The docs folder to index instead of .heimdall/docs (written as target_path; created if missing)' })
      .option('json', { type: 'boolean', describe: 'Print {"root","created":[...],"hooks":...}' })
      .example('$0 init --hooks', 'Set up heimdall and its git hooks in this repository')
      .example('$0 init --docs docs --no-hooks', 'Index the markdown already in docs/') as never,
  handler: async (args) => {
    const { initProject } = await import('../../config/init-project.js');
    const root = initRoot(process.cwd(), args.projectRoot);
    const created = initProject(root, { docs: args.docs });
    if (!args.json) process.stdout.write(created.length > 0 ? `${messages.initCreated(root)}: ${created.join(', ')}\n` : `${messages.initUnchanged(root)}\n`);
    const { decideHooks } = await import('./init-hooks.js');
    let hooks;
    try {
      hooks = await decideHooks(root, args.hooks, !args.json);
    } catch (error) {
      // .heimdall/ stays: it is right whatever happened to the hooks, and init again would find it.
      if (!isHeimdallError(error)) throw error;
      if (args.json) printJson({ root, created, hooks: null, hooksError: { code: error.code, message: error.message } });
      else process.stderr.write(`heimdall: ${messages.initHooksFailed(root, error.message)}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    if (args.json) return printJson({ root, created, hooks });
    if (hooks) process.stdout.write(`${messages.initHooksInstalled(hooks.hooksDir)}\n`);
  },
};
