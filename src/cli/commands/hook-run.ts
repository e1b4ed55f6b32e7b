import { readFileSync } from 'node:fs';
import { defaultConfig } from '../../config/defaults.js';
import { locateProject } from '../../config/project-root.js';
import { ExitCode } from '../../contract/exit-code.js';
import { isHeimdallError } from '../../errors/heimdall-error.js';
import { messages } from '../../errors/messages.js';
import { gitRepoInfo } from '../../git/git-repo-info.js';
import type { HookName } from '../../git/hook-names.js';
import { workingTreeProjects } from '../../git/working-tree-projects.js';
import { absoluteOf } from '../../paths/project-path.js';
import { hookSync } from '../../sync/hook-sync.js';
import { openSyncLog } from '../../sync/sync-log.js';
import { commandContext } from '../context.js';
import { formatSyncReport } from '../format-sync-report.js';

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

/**
 * `heimdall hooks run <hook> [args..]`: what the installed hook stubs call, from the top of the
 * working tree. Syncs every heimdall project of the working tree the hooks serve, one after the
 * other, each against its own config and store, under its own lock, logging to its own
 * sync.log; one project's failure does not stop the next. Never throws; returns an exit code.
 */
export async function hookRun(request: HookRunArgs): Promise<number> {
  if (process.env['HEIMDALL'] === '0') return ExitCode.ok;
  // A git command in a repository (or on a branch) without heimdall is none of heimdall's business. Without
  // --project-root (the stubs' call) the working tree's projects are found below: the top level of a monorepo is no
  // project, its sub-folders are.
  if (request.projectRoot !== undefined && !isProject(request.projectRoot)) return ExitCode.ok;
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
    const synced = await hookSync(context.config, { hook: request.hook, args: request.args, stdin, background: request.background }, note);
    if (synced.kind === 'skipped') {
      note(messages.sync.hookSkipped(request.hook, synced.reason));
      return ExitCode.ok;
    }
    const { outcome } = synced;
    if (outcome.kind === 'done') {
      // A 5,000-file checkout should not write 5,000 lines to the log each time.
      const text = formatSyncReport(outcome.report, 50).trimEnd();
      for (const line of text.split('\n')) note(line);
    }
    return outcome.exitCode;
  } catch (error) {
    note(messages.sync.hookFailed(error instanceof Error ? (error.stack ?? error.message) : String(error)));
    return ExitCode.failure;
  }
}

function isProject(projectRoot: string): boolean {
  try {
    return locateProject(process.cwd(), projectRoot) !== null;
  } catch {
    return false;
  }
}
