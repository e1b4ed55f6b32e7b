import { existsSync } from 'node:fs';
import { messages } from '../../errors/messages.js';
import { exitWhenParentDies } from '../../executor/exit-when-parent-dies.js';
import { absoluteOf } from '../../paths/project-path.js';
import { runSync, type SyncPlan } from '../../sync/run-sync.js';
import { sincePlan } from '../../sync/since-plan.js';
import { commandContext, type GlobalArgs } from '../context.js';
import { formatDryRun, formatSyncReport } from '../format-sync-report.js';
import { printJson } from '../output.js';

export type SyncArgs = GlobalArgs & {
  since?: string | undefined;
  dryRun?: boolean | undefined;
  json?: boolean | undefined;
  fastPath?: boolean | undefined;
};

/** `heimdall sync [--since REV] [--dry-run] [--json]`. Returns the exit code. */
export async function syncMain(args: SyncArgs): Promise<number> {
  exitWhenParentDies();
  const { config } = commandContext(args);
  const log = (line: string) => process.stderr.write(`heimdall: ${line}\n`);
  // Not an error (a docs folder may be created later, or deleted on purpose: its memories go), but never silent.
  for (const target of config.monitoring.targetPaths) if (!existsSync(absoluteOf(config.root, target))) log(messages.sync.targetMissing(target));
  const plan: SyncPlan = args.since === undefined ? { kind: 'full', fastPath: args.fastPath !== false } : await sincePlan(config.root, args.since);
  const outcome = await runSync({
    config,
    plan,
    dryRun: args.dryRun === true,
    log,
    progress: true,
  });
  if (args.json) printJson(outcome.report);
  else if (outcome.kind === 'dry-run') process.stdout.write(formatDryRun(outcome.report));
  else {
    const text = formatSyncReport(outcome.report);
    (outcome.exitCode === 0 ? process.stdout : process.stderr).write(text);
  }
  return outcome.exitCode;
}
