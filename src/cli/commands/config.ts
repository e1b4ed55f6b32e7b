import type { CommandModule } from 'yargs';
import { messages } from '../../errors/messages.js';
import { configContext, type GlobalArgs } from '../context.js';
import { formatConfig } from '../format-config.js';
import { printJson } from '../output.js';

type ConfigArgs = GlobalArgs & { json?: boolean };

// Also how the lean monitor gets its config: it runs this as a subprocess rather than load a YAML parser.
export const configCommand: CommandModule<object, ConfigArgs> = {
  command: 'config',
  describe: 'Print the effective configuration (config.yaml over the defaults, then the environment)',
  builder: (y) =>
    y.option('json', { type: 'boolean', describe: 'Print it as JSON' }).example('$0 config --json', 'The resolved config for scripts') as never,
  handler: (args) => {
    const { config, inProject, root } = configContext(args);
    if (!inProject) process.stderr.write(`heimdall: ${messages.configOutsideProject(root)}\n`);
    if (args.json) return printJson(config);
    process.stdout.write(formatConfig(config));
  },
};
