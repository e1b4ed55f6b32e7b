import type { CommandModule } from 'yargs';
import { HeimdallError } from '../../errors/heimdall-error.js';
import { messages } from '../../errors/messages.js';
import { commandContext, wordsOf, type GlobalArgs } from '../context.js';
import { colorEnabled } from '../color-enabled.js';
import { formatSearchHits } from '../format-search-hits.js';
import { countOption, repeatable } from '../option-values.js';
import { printJson } from '../output.js';
import { storeLocation } from '../../config/store-location.js';
import { storeTarget } from '../../git/store-target.js';

type SearchArgs = GlobalArgs & { query?: string[]; limit: number; json?: boolean; path?: string[]; tag?: string[] };

export const searchCommand: CommandModule<object, SearchArgs> = {
  // [query..], not <query..>: words after `--` count too (`search -- -foo`), which yargs does not see as positionals.
  command: 'search [query..]',
  describe: 'Find the memories that best match the words (all words first, else any)',
  builder: (y) =>
    y
      .positional('query', { type: 'string', array: true, describe: 'Words to look for: "a phrase", -excluded' })
      .option('limit', { alias: 'n', ...countOption('limit', 10, 'At most this many hits (a whole number from 1 up)') })
      .option('path', repeatable('--path', 'GLOB', 'Only docs whose path matches (repeatable: any of them)'))
      .option('tag', repeatable('--tag', 'TAG', 'Only docs with this front matter tag (repeatable: all of them)'))
      .option('json', { type: 'boolean', describe: 'Print {"query","words","excluded","fallback","hits":[...]}' })
      .check((args) => wordsOf(args.query, { '--': args['--'] as string[] | undefined }).length > 0 || messages.usage.noWords)
      .example('$0 search watchman clock', 'Memories mentioning both words')
      .example('$0 search "branch switch" --limit 3 --json', 'Top three hits as JSON')
      .example('$0 search \'"connection pool"\' -- -draft', 'A phrase, without the memories that say "draft"')
      .example('$0 search deploy --path \'runbooks/**\' --tag ops', 'Only in runbooks/, only docs tagged ops') as never,
  handler: async (args) => {
    const context = commandContext(args);
    const query = wordsOf(args.query, args).join(' ');
    const { searchMemories } = await import('../../recall/search-memories.js');
    const { openStoreBackend } = await import('../../store/open-backend.js');
    const target = await storeTarget(context.config);
    const store = await openStoreBackend(target, 'read');
    if (store === null) throw new HeimdallError('no-store', messages.noStore(storeLocation(target)));
    let result;
    try {
      result = await searchMemories(store, query, { limit: args.limit, paths: args.path, tags: args.tag, targetPaths: context.config.monitoring.targetPaths });
    } finally {
      await store.close();
    }
    if (result.kind === 'only-exclusions') throw new HeimdallError('usage', messages.usage.onlyExclusions(result.excluded));
    const { words, excluded, fallback, hits } = result;
    if (args.json) return printJson({ query, hits, words, excluded, fallback });
    if (hits.length === 0) return void process.stdout.write(`${messages.noHits(query)}\n`);
    if (fallback) process.stdout.write(`${messages.searchFallback(words)}\n\n`);
    process.stdout.write(formatSearchHits(hits, colorEnabled(process.stdout)));
  },
};
