import yargs from 'yargs';
import { HeimdallError } from '../errors/heimdall-error.js';
import { ExitCode } from './exit-codes.js';
import { commands } from './commands/index.js';
import { reportError } from './output.js';

export async function main(args: string[]): Promise<number> {
  process.exitCode = ExitCode.ok;
  const cli = yargs(args)
    .scriptName('heimdall')
    .usage('$0 <command> [options]\n\nKeeps a searchable memory store in sync with the project\'s docs.')
    .option('project-root', {
      type: 'string',
      global: true,
      describe: 'Project root (default: nearest ancestor with .heimdall/, else the git top-level, else the current directory)',
    })
    .command(commands)
    .demandCommand(1, 'Name a command (heimdall --help lists them).')
    .strict()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      throw new HeimdallError('usage', message ?? 'invalid usage');
    });
  try {
    await cli.parseAsync();
  } catch (error) {
    return reportError(error);
  }
  return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
}
