import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import type { HooksStatusReport } from '../git/hooks-status.js';
import { monitorSummary, type MonitorSummary } from './monitor-summary.js';

// A busy monitor may take a moment to answer; `status` must not hang on one that is stuck.
const monitorTimeoutMs = 1000;

export interface LiveState {
  monitor: MonitorSummary;
  /** `hooks status --json`'s report; null outside a git repository (or when git cannot say). */
  hooks: HooksStatusReport | null;
  /** Why `hooks` is null ('' when it is not). */
  hooksUnknown: string;
}

/** What `heimdall status` adds to the store's counts: the live monitor (from its control socket, as `monitor status` asks it) and the git hooks. */
export async function readLiveState(root: string): Promise<LiveState> {
  const { findMonitor } = await import('../watch/find-monitor.js');
  const [found, hooks] = await Promise.all([findMonitor(root, monitorTimeoutMs), readHooks(root)]);
  return { monitor: monitorSummary(found), ...hooks };
}

async function readHooks(root: string): Promise<Pick<LiveState, 'hooks' | 'hooksUnknown'>> {
  const { gitRepoInfo } = await import('../git/git-repo-info.js');
  const { hooksStatus } = await import('../git/hooks-status.js');
  try {
    if ((await gitRepoInfo(root)) === null) return { hooks: null, hooksUnknown: messages.status.notARepo };
    return { hooks: await hooksStatus(root), hooksUnknown: '' };
  } catch (error) {
    if (error instanceof HeimdallError) return { hooks: null, hooksUnknown: error.message };
    throw error;
  }
}
