import type { CommandModule } from 'yargs';
import { defaultSearchLimit } from '../../contract/search-defaults.js';
import { messages } from '../../errors/messages.js';
import { commandContext, wordsOf, type GlobalArgs } from '../context.js';
import { countOption, repeatable } from '../option-values.js';
import { runSearch } from './run-search.js';

type SearchArgs = GlobalArgs & { query?: string[]; limit: number; json?: boolean; path?: string[]; tag?: string[] };

export const searchCommand: CommandModule<object, SearchArgs> = {
  // [query..], not <query..>: words after `--` count too (`search -- -foo`), which yargs does not see as positionals.
  command: 'search [query..]',
  describe: 'Find the memories that best match the words (all words first, else any)',
  builder: (y) =>
    y
      .positional('query', { type: 'string', array: true, describe: 'Words to look for: "a phrase", -excluded' })
      .option('limit', { alias: 'n', ...countOption('limit', defaultSearchLimit, 'At most this many hits (a whole number from 1 up)') })
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
    await runSearch(context.config, { query: wordsOf(args.query, args).join(' '), limit: args.limit, paths: args.path, tags: args.tag, json: args.json === true });
  },
};
