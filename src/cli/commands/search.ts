import type { CommandModule } from 'yargs';
import { runtimePaths } from '../../config/runtime-paths.js';
import { HeimdallError } from '../../errors/heimdall-error.js';
import { messages } from '../../errors/messages.js';
import { commandContext, wordsOf, type GlobalArgs } from '../context.js';
import { colorEnabled } from '../color-enabled.js';
import { formatSearchHits } from '../format-search-hits.js';
import { countOption } from '../option-values.js';
import { printJson } from '../output.js';

type SearchArgs = GlobalArgs & { query?: string[]; limit: number; json?: boolean };

export const searchCommand: CommandModule<object, SearchArgs> = {
  // [query..], not <query..>: words after `--` count too (`search -- -foo`), which yargs does not see as positionals.
  command: 'search [query..]',
  describe: 'Find the memories that best match the words (all words first, else any)',
  builder: (y) =>
    y
      .positional('query', { type: 'string', array: true, describe: 'Words to look for' })
      .option('limit', { alias: 'n', ...countOption('limit', 10, 'At most this many hits (a whole number from 1 up)') })
      .option('json', { type: 'boolean', describe: 'Print {"query","hits":[...]}' })
      .check((args) => wordsOf(args.query, { '--': args['--'] as string[] | undefined }).length > 0 || messages.usage.noWords)
      .example('$0 search watchman clock', 'Memories mentioning both words')
      .example('$0 search "branch switch" --limit 3 --json', 'Top three hits as JSON')
      .example('$0 search -- -foo', 'Words after -- are words, even with a leading dash') as never,
  handler: async (args) => {
    const { openExistingStore } = await import('../../store/open-existing-store.js');
    const context = commandContext(args);
    const query = wordsOf(args.query, args).join(' ');
    const store = openExistingStore(context.root);
    if (store === null) throw new HeimdallError('no-store', messages.noStore(runtimePaths(context.root).store));
    let hits;
    try {
      hits = store.search(query, args.limit);
    } finally {
      store.close();
    }
    if (args.json) return printJson({ query, hits });
    if (hits.length === 0) return void process.stdout.write(`${messages.noHits(query)}\n`);
    process.stdout.write(formatSearchHits(hits, colorEnabled(process.stdout)));
  },
};
