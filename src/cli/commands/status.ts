import type { CommandModule } from 'yargs';
import { runtimePaths } from '../../config/runtime-paths.js';
import { storeBytes } from '../../paths/store-bytes.js';
import { messages } from '../../errors/messages.js';
import { ExitCode } from '../../contract/exit-code.js';
import { commandContext, type GlobalArgs } from '../context.js';
import { formatStatus, type ProjectStatus } from '../format-status.js';
import { printJson } from '../output.js';
import { readLiveState } from '../read-live-state.js';

type StatusArgs = GlobalArgs & { json?: boolean };

export const statusCommand: CommandModule<object, StatusArgs> = {
  command: 'status',
  describe: 'Counts of sources and memories, store size and schema version',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', describe: 'Print {"root","store","sources","memories","storeBytes","schemaVersion"}' })
      .example('$0 status', 'How much the store holds') as never,
  handler: async (args) => {
    const { openExistingStore } = await import('../../store/open-existing-store.js');
    const { schemaVersion } = await import('../../store/migrations.js');
    const context = commandContext(args);
    const file = runtimePaths(context.root).store;
    const live = readLiveState(context.root);
    const store = openExistingStore(context.root);
    let counts;
    try {
      counts = store?.status(storeBytes(file)) ?? { sources: 0, memories: 0, storeBytes: 0, schemaVersion };
    } finally {
      store?.close();
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
