import yargs from 'yargs';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { ExitCode } from './exit-codes.js';
import { commands } from './commands/index.js';
import { nonEmpty } from './option-values.js';
import { reportError } from './output.js';
import { searchArgv } from './search-argv.js';
import { packageVersion } from './package-version.js';
import { usageMessage } from './usage-message.js';

// Commands whose words may follow `--` (a path or a query word that starts with a dash).
const takesWordsAfterDashes = ['search', 'load', 'remove-file'];

export async function main(args: string[]): Promise<number> {
  process.exitCode = ExitCode.ok;
  const cli = yargs(searchArgv(args))
    .scriptName('heimdall')
    // English whatever LANG says: the rest of heimdall is, and usage-message.ts reads yargs' wording.
    .locale('en')
    .usage('$0 <command> [options]\n\nKeeps a searchable memory store in sync with the project\'s docs.')
    .option('project-root', {
      type: 'string',
      global: true,
      requiresArg: true,
      coerce: nonEmpty('--project-root'),
      describe: 'Project root: a folder holding .heimdall/ (default: the nearest such folder, here or above)',
    })
    // `--` ends the options (`heimdall search -- -foo`); words stay as typed (`search 007` is not a
    // search for 7: option-values.ts parses the numbers of the flags that take one). Not
    // 'duplicate-arguments-array': false, which keeps only the last word of `load a b c`.
    .parserConfiguration({ 'populate--': true, 'parse-numbers': false, 'parse-positional-numbers': false })
    .check((argv) => {
      const rest = (argv['--'] as unknown[] | undefined) ?? [];
      const command = String(argv._[0] ?? '');
      if (rest.length > 0 && !takesWordsAfterDashes.includes(command)) throw new HeimdallError('usage', messages.usage.unexpectedAfterDashes(argv._.join(' '), String(rest[0])));
      return true;
    })
    .command(commands)
    .demandCommand(1, 'Name a command (heimdall --help lists them).')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(packageVersion())
    .alias('v', 'version')
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      // yargs reports its own parse and validation errors as YError (or a bare string from a
      // check or coerce); anything else was thrown by a handler and keeps its own code.
      if (error instanceof Error && error.name !== 'YError') throw error;
      throw new HeimdallError('usage', usageMessage(message ?? (error instanceof Error ? error.message : String(error ?? 'invalid usage')), args));
    });
  try {
    await cli.parseAsync();
  } catch (error) {
    return reportError(error);
  }
  return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
}
