import type { CommandModule } from 'yargs';
import { messages } from '../../errors/messages.js';
import { ExitCode } from '../../contract/exit-code.js';
import { commandContext, type GlobalArgs } from '../context.js';
import { formatStatus, type ProjectStatus } from '../format-status.js';
import { printJson } from '../output.js';
import { readLiveState } from '../read-live-state.js';
import { storeLocation } from '../../config/store-location.js';

type StatusArgs = GlobalArgs & { json?: boolean };

export const statusCommand: CommandModule<object, StatusArgs> = {
  command: 'status',
  describe: 'Counts of sources and memories, store size and schema version',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', describe: 'Print {"root","store","sources","memories","storeBytes","schemaVersion"}' })
      .example('$0 status', 'How much the store holds') as never,
  handler: async (args) => {
    const { openStoreBackend } = await import('../../store/open-backend.js');
    const { schemaVersion } = await import('../../store/migrations.js');
    const { storeTarget } = await import('../../git/store-target.js');
    const context = commandContext(args);
    const target = await storeTarget(context.config);
    const file = storeLocation(target);
    const live = readLiveState(context.root);
    // Read before the store is opened: a failure to open it must not leave that promise unheard.
    live.catch(() => undefined);
    const store = await openStoreBackend(target, 'read');
    let counts;
    try {
      counts = (await store?.status()) ?? { sources: 0, memories: 0, storeBytes: 0, schemaVersion };
    } finally {
      await store?.close();
    }
    const { hooksUnknown, ...state } = await live;
    const status: ProjectStatus = { root: context.root, store: file, exists: store !== null, ...counts, targetPaths: context.config.monitoring.targetPaths, ...state };
    // The report still prints (it is how one looks at a fresh project); the exit code says "nothing indexed yet".
    if (!status.exists) {
      process.stderr.write(`heimdall: ${messages.noStore(file)}\n`);
      process.exitCode = ExitCode.noStore;
    }
    if (args.json) return printJson(status);
    process.stdout.write(formatStatus(status, hooksUnknown));
  },
};
