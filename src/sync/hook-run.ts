import { existsSync, readFileSync } from 'node:fs';
import { commandContext } from '../cli/context.js';
import { ExitCode } from '../cli/exit-codes.js';
import { isHeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { defaultConfig } from '../config/defaults.js';
import { gitPath } from '../git/git-config-value.js';
import { gitRepoInfo } from '../git/git-repo-info.js';
import { workingTreeProjects } from '../git/working-tree-projects.js';
import { absoluteOf } from '../paths/project-path.js';
import type { HookName } from '../git/hook-names.js';
import { hookPlan } from './hook-plan.js';
import { runSync } from './run-sync.js';
import { formatSyncReport } from './sync-report.js';
import { openSyncLog } from './sync-log.js';

export interface HookRunArgs {
  hook: HookName;
  args: string[];
  /** Started detached by the hook stub: log to each project's sync.log, and let git finish first. */
  background: boolean;
  /** One project only: what the stubs passed before one set of stubs served every project of the working tree. */
  projectRoot?: string | undefined;
}

/** A project to sync, and how its lines are labelled on git's stderr (null: the top level, unlabelled as ever). */
interface HookTarget {
  projectRoot: string | undefined;
  label: string | null;
}

// How long a background post-rewrite waits for the rebase to finish (autostash, state cleanup).
const rebaseWaitMs = 10 * 60_000;

/**
 * `heimdall hooks run <hook> [args..]`: what the installed hook stubs call, from the top of the
 * working tree. Syncs every heimdall project of the working tree the hooks serve, one after the
 * other, each against its own config and store, under its own lock, logging to its own
 * sync.log; one project's failure does not stop the next. Never throws; returns an exit code.
 */
export async function hookRun(request: HookRunArgs): Promise<number> {
  if (process.env['HEIMDALL'] === '0') return ExitCode.ok;
  let targets: HookTarget[];
  try {
    targets = request.projectRoot !== undefined ? [{ projectRoot: request.projectRoot, label: null }] : await servedTargets(process.cwd());
  } catch (error) {
    process.stderr.write(`heimdall ${request.hook}: ${error instanceof Error ? error.message : String(error)}\n`);
    return isHeimdallError(error) ? error.exitCode : ExitCode.failure;
  }
  // post-rewrite's "old new" lines, read once for every project.
  const stdin = request.hook === 'post-rewrite' && !process.stdin.isTTY ? readFileSync(0, 'utf8') : '';
  let exitCode: number = ExitCode.ok;
  for (const target of targets) {
    const code = await syncTarget(request, target, stdin);
    if (exitCode === ExitCode.ok) exitCode = code;
  }
  return exitCode;
}

async function servedTargets(cwd: string): Promise<HookTarget[]> {
  const info = await gitRepoInfo(cwd);
  if (info === null) return [];
  const { served } = await workingTreeProjects(info.topLevel);
  return served.map((project) => ({ projectRoot: absoluteOf(info.topLevel, project), label: project === '.' ? null : project }));
}

async function syncTarget(request: HookRunArgs, target: HookTarget, stdin: string): Promise<number> {
  const prefix = `heimdall ${request.hook}${target.label === null ? '' : ` ${target.label}`}`;
  const stderrNote = (line: string) => process.stderr.write(`${prefix}: ${line}\n`);
  let context;
  try {
    context = commandContext({ projectRoot: target.projectRoot });
  } catch (error) {
    // No config: in the background, the project's sync.log at its default size still gets the reason.
    const note = request.background && target.projectRoot !== undefined ? openSyncLog(target.projectRoot, defaultConfig.logging, request.hook) : stderrNote;
    note(error instanceof Error ? error.message : String(error));
    return isHeimdallError(error) ? error.exitCode : ExitCode.failure;
  }
  const note = request.background ? openSyncLog(context.root, context.config.logging, request.hook) : stderrNote;
  try {
    const decided = await hookPlan(context.root, request.hook, request.args, stdin);
    if (decided.kind === 'skip') {
      note(messages.sync.hookSkipped(request.hook, decided.reason));
      return ExitCode.ok;
    }
    // The rebase runs post-rewrite before it applies an autostash and removes its state: in the
    // background, wait for the end so that the working tree read is the final one.
    if (decided.afterRebase && request.background) await waitForRebaseEnd(context.root);
    const outcome = await runSync({
      config: context.config,
      plan: decided.plan,
      dryRun: false,
      log: note,
      ...(request.background ? { executorLog: note } : {}),
      progress: false,
      onStart: (candidates) => note(`sync (${decided.why}): ${candidates} candidate(s)`),
    });
    if (outcome.kind === 'done') {
      // A 5,000-file checkout should not write 5,000 lines to the log each time.
      const text = formatSyncReport(outcome.report, 50).trimEnd();
      for (const line of text.split('\n')) note(line);
    }
    return outcome.exitCode;
  } catch (error) {
    note(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return ExitCode.failure;
  }
}

async function waitForRebaseEnd(root: string): Promise<void> {
  const dirs = await Promise.all([gitPath(root, 'rebase-merge'), gitPath(root, 'rebase-apply')]);
  const deadline = Date.now() + rebaseWaitMs;
  while (dirs.some((dir) => existsSync(dir)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
