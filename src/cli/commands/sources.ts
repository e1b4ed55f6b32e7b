import type { CommandModule } from 'yargs';
import { messages } from '../../errors/messages.js';
import { commandContext, type GlobalArgs } from '../context.js';
import { formatSources } from '../format-sources.js';
import { printJson } from '../output.js';

type SourcesArgs = GlobalArgs & { json?: boolean };

export const sourcesCommand: CommandModule<object, SourcesArgs> = {
  command: 'sources',
  describe: 'List every indexed docs file with its sha1, size and memory count',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', describe: 'Print {"sources":[{path,sha1,size,memories,indexedAt}]}' })
      .example('$0 sources --json', 'What the store holds, for scripts') as never,
  handler: async (args) => {
    const { openStoreBackend } = await import('../../store/open-backend.js');
    const { storeTarget } = await import('../../git/store-target.js');
    const context = commandContext(args);
    const store = await openStoreBackend(await storeTarget(context.config), 'read');
    let rows;
    try {
      rows = (await store?.listSources()) ?? [];
    } finally {
      await store?.close();
    }
    const sources = rows.map((row) => ({
      path: row.path,
      sha1: row.sha1,
      size: row.size,
      memories: row.memories,
      indexedAt: new Date(row.indexedAtMs).toISOString(),
    }));
    if (args.json) return printJson({ sources });
    if (sources.length === 0) return void process.stdout.write(`${messages.noSources}\n`);
    process.stdout.write(formatSources(sources));
  },
};
