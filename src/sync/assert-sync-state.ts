import { syncStateName } from '../contract/sync-state-name.js';
import { connectWatchman } from '../watch/watchman-connection.js';

export type SyncState = { kind: 'asserted'; watchRoot: string; leave(): Promise<void> } | { kind: 'failed'; reason: string };

/**
 * Asserts the Watchman state `heimdall.sync` (qualified by the project's path below the watch root) on the project's watch root for as long as a
 * sync applies changes. The monitor's subscription defers on it, so what the sync applied
 * reaches the monitor afterwards, where `load` finds it `unchanged`. Watchman drops the
 * state if this process dies, so a crashed sync cannot hold the monitor back. Every step
 * is bounded (connectWatchman races each command against `error` and a timer: fb-watchman
 * never calls back when the binary or socket is missing).
 */
export async function assertSyncState(root: string, options: { timeoutMs?: number; binaryPath?: string } = {}): Promise<SyncState> {
  const timeoutMs = options.timeoutMs ?? 5000;
  let conn;
  try {
    conn = connectWatchman(options.binaryPath);
  } catch (error) {
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
  const c = conn;
  try {
    const project = await c.command<{ watch: string; relative_path?: string }>(['watch-project', root], timeoutMs);
    const name = syncStateName(project.relative_path);
    // sync_timeout bounds Watchman's cookie sync; the state is positioned after the changes made so far.
    await c.command(['state-enter', project.watch, { name, sync_timeout: Math.min(timeoutMs, 2000) }], timeoutMs);
    let left = false;
    return {
      kind: 'asserted',
      watchRoot: project.watch,
      leave: async () => {
        if (left) return;
        left = true;
        try {
          await c.command(['state-leave', project.watch, { name, sync_timeout: 0 }], timeoutMs);
        } catch {
          // Closing the connection vacates the state all the same.
        } finally {
          c.close();
        }
      },
    };
  } catch (error) {
    c.close();
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}
