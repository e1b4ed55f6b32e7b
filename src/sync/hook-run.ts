import { existsSync, readFileSync } from 'node:fs';
import { commandContext } from '../cli/context.js';
import { ExitCode } from '../cli/exit-codes.js';
import { isHeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { gitPath } from '../git/git-config-value.js';
import type { HookName } from '../git/hook-names.js';
import { hookPlan } from './hook-plan.js';
import { runSync } from './run-sync.js';
import { formatSyncReport } from './sync-report.js';
import { openSyncLog } from './sync-log.js';

export interface HookRunArgs {
  hook: HookName;
  args: string[];
  /** Started detached by the hook stub: log to sync.log, and let git finish first. */
  background: boolean;
  projectRoot?: string | undefined;
}

// How long a background post-rewrite waits for the rebase to finish (autostash, state cleanup).
const rebaseWaitMs = 10 * 60_000;

/** `heimdall hooks run <hook> [args..]`: what the installed hook stubs call. Never throws; returns an exit code. */
export async function hookRun(request: HookRunArgs): Promise<number> {
  if (process.env['HEIMDALL'] === '0') return ExitCode.ok;
  let context;
  try {
    context = commandContext({ projectRoot: request.projectRoot });
  } catch (error) {
    // No config, no log file: stderr is git's (foreground) or sync.log (the stub redirects it).
    process.stderr.write(`heimdall ${request.hook}: ${error instanceof Error ? error.message : String(error)}\n`);
    return isHeimdallError(error) ? error.exitCode : ExitCode.failure;
  }
  const note = request.background
    ? openSyncLog(context.config, request.hook)
    : (line: string) => process.stderr.write(`heimdall ${request.hook}: ${line}\n`);
  try {
    const stdin = request.hook === 'post-rewrite' && !process.stdin.isTTY ? readFileSync(0, 'utf8') : '';
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
