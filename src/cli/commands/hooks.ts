import type { Argv, CommandModule } from 'yargs';
import { messages } from '../../errors/messages.js';
import type { GlobalArgs } from '../context.js';

type HooksArgs = GlobalArgs & { json?: boolean };
type HookRunCliArgs = GlobalArgs & { hook: string; args?: string[]; background?: boolean; foreground?: boolean };

const json = { json: { type: 'boolean', describe: 'Print one JSON object' } } as const;

const examples = {
  install: ['$0 hooks install', 'Chains any hook already there; installing twice changes nothing'],
  uninstall: ['$0 hooks uninstall', 'Puts back exactly what was there before'],
  status: ['$0 hooks status --json', 'Per hook: installed, missing or bypassed'],
} as const;

const manage = (action: 'install' | 'uninstall' | 'status', describe: string): CommandModule<object, HooksArgs> => ({
  command: action,
  describe,
  builder: (y) => y.options(json).example(examples[action][0], examples[action][1]) as never,
  handler: async (args) => {
    const { hooksMain } = await import('./hooks-main.js');
    process.exitCode = await hooksMain(action, args);
  },
});

// What the installed stubs call; hidden because people have no reason to.
const run: CommandModule<object, HookRunCliArgs> = {
  command: 'run <hook> [args..]',
  describe: false,
  builder: (y) =>
    y
      .positional('hook', { type: 'string', choices: ['post-checkout', 'post-merge', 'post-rewrite'], demandOption: true })
      .positional('args', { type: 'string', array: true })
      .option('background', { type: 'boolean', describe: 'Started detached by the stub: log to each project\'s .heimdall/logs/sync.log' })
      .option('foreground', { type: 'boolean' })
      .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false }) as never,
  handler: async (args) => {
    const { hookRun } = await import('./hook-run.js');
    process.exitCode = await hookRun({
      hook: args.hook as 'post-checkout',
      args: (args.args ?? []).map(String),
      background: args.background === true,
      projectRoot: args.projectRoot,
    });
  },
};

export const hooksCommand: CommandModule<object, HooksArgs> = {
  command: 'hooks',
  describe: 'Install, remove or check the git hooks that sync the store after checkouts, merges and rebases',
  builder: (y: Argv<object>) =>
    y
      .command(manage('install', 'Install post-checkout, post-merge and post-rewrite (existing hooks are chained, never overwritten)'))
      .command(manage('uninstall', 'Remove them and put back exactly what was there before'))
      .command(manage('status', 'Per hook: installed, missing, or bypassed (written where git does not run it)'))
      .command(run as unknown as CommandModule)
      .demandCommand(1, messages.usage.noAction('install, uninstall or status'))
      .example('$0 hooks install', 'Keep the store in sync after every branch switch, merge and rebase')
      .example('HEIMDALL=0 git checkout main', 'Skip heimdall for one git command') as never,
  handler: () => {},
};
