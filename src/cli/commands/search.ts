import type { CommandModule } from 'yargs';
import { commandContext, type GlobalArgs } from '../context.js';
import { colorEnabled } from '../color-enabled.js';
import { formatSearchHits } from '../format-search-hits.js';
import { printJson } from '../output.js';

type SearchArgs = GlobalArgs & { query: string[]; limit: number; json?: boolean };

export const searchCommand: CommandModule<object, SearchArgs> = {
  command: 'search <query..>',
  describe: 'Find the memories that best match the words (all words first, else any)',
  builder: (y) =>
    y
      .positional('query', { type: 'string', array: true, describe: 'Words to look for' })
      .option('limit', { alias: 'n', type: 'number', default: 10, describe: 'At most this many hits' })
      .option('json', { type: 'boolean', describe: 'Print {"query","hits":[...]}' })
      .check((args) => Number.isInteger(args.limit) && (args.limit as number) > 0 || '--limit must be a positive integer')
      .example('$0 search watchman clock', 'Memories mentioning both words')
      .example('$0 search "branch switch" --limit 3 --json', 'Top three hits as JSON') as never,
  handler: async (args) => {
    const { openExistingStore } = await import('../../store/open-existing-store.js');
    const context = commandContext(args);
    const query = args.query.join(' ');
    const store = openExistingStore(context.root);
    let hits;
    try {
      hits = store?.search(query, args.limit) ?? [];
    } finally {
      store?.close();
    }
    if (args.json) return printJson({ query, hits });
    if (hits.length === 0) return void process.stdout.write(`No memories match "${query}".\n`);
    process.stdout.write(formatSearchHits(hits, colorEnabled(process.stdout)));
  },
};
