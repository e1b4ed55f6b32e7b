import { existsSync } from 'node:fs';
import type { HeimdallConfig } from '../config/config-types.js';
import { messages } from '../errors/messages.js';
import { gitPath } from '../git/git-path.js';
import type { HookName } from '../git/hook-names.js';
import { hookPlan } from './hook-plan.js';
import { runSync, type SyncOutcome } from './run-sync.js';

export interface HookSyncRequest {
  hook: HookName;
  /** What git passed the hook. */
  args: string[];
  /** post-rewrite's "old new" lines ('' for the other hooks). */
  stdin: string;
  /** Started detached by the hook stub: git may still be finishing (a rebase), and the executor's lines are logged too. */
  background: boolean;
}

export type HookSync = { kind: 'skipped'; reason: string } | { kind: 'synced'; outcome: SyncOutcome };

// How long a background post-rewrite waits for the rebase to finish (autostash, state cleanup).
const rebaseWaitMs = 10 * 60_000;

/** One project's sync after a hook: what git says changed (or a full scan), applied through the executor. */
export async function hookSync(config: HeimdallConfig, request: HookSyncRequest, log: (line: string) => void): Promise<HookSync> {
  const decided = await hookPlan(config.root, request.hook, request.args, request.stdin);
  if (decided.kind === 'skip') return { kind: 'skipped', reason: decided.reason };
  // The rebase runs post-rewrite before it applies an autostash and removes its state: in the
  // background, wait for the end so that the working tree read is the final one.
  if (decided.afterRebase && request.background) await waitForRebaseEnd(config.root);
  const outcome = await runSync({
    config,
    plan: decided.plan,
    dryRun: false,
    log,
    ...(request.background ? { executorLog: log } : {}),
    progress: false,
    onStart: (candidates) => log(messages.sync.hookStarted(decided.why, candidates)),
  });
  return { kind: 'synced', outcome };
}

async function waitForRebaseEnd(root: string): Promise<void> {
  const dirs = await Promise.all([gitPath(root, 'rebase-merge'), gitPath(root, 'rebase-apply')]);
  const deadline = Date.now() + rebaseWaitMs;
  while (dirs.some((dir) => existsSync(dir)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
