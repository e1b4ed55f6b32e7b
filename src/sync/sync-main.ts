import { existsSync } from 'node:fs';
import { commandContext, type GlobalArgs } from '../cli/context.js';
import { absoluteOf } from '../paths/project-path.js';
import { printJson } from '../cli/output.js';
import type { HeimdallConfig } from '../config/config-types.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { exitWhenParentDies } from '../executor/exit-when-parent-dies.js';
import { gitRepoInfo } from '../git/git-repo-info.js';
import { resolveCommit } from '../git/resolve-commit.js';
import { runSync, type SyncPlan } from './run-sync.js';
import { formatDryRun, formatSyncReport } from './sync-report.js';

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
  const plan: SyncPlan = args.since === undefined ? { kind: 'full', fastPath: args.fastPath !== false } : await sincePlan(config, args.since);
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

async function sincePlan(config: HeimdallConfig, rev: string): Promise<SyncPlan> {
  if ((await gitRepoInfo(config.root)) === null) throw new HeimdallError('git', messages.notAGitRepo(config.root));
  const from = await resolveCommit(config.root, rev);
  if (from === null) throw new HeimdallError('git', messages.unknownRevision(rev));
  return { kind: 'diff', range: { from, to: null, untracked: true } };
}
