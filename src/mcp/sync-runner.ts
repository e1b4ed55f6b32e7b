import type { HeimdallConfig } from '../config/config-types.js';
import { messages } from '../errors/messages.js';
import { runSync } from '../sync/run-sync.js';

export type SyncResult =
  /** The store reflects the disk as it was when the sync started (`detail`: docs that failed for good, such as a binary file). */
  | { ok: true; detail?: string }
  /** `ran: false`: the sync could not run at all (the store cannot be opened, the docs cannot be walked). */
  | { ok: false; detail: string; ran: boolean };

export interface SyncRunner {
  /** A sync that started at or after `since` (ms): the running one if it did, else the next one (shared by every caller waiting for it). */
  covering(since: number): Promise<SyncResult>;
  /** Resolves once no sync runs (at shutdown). */
  idle(): Promise<void>;
}

/**
 * The server's own freshness path while no monitor runs: a full sync (the size/mtime fast path makes an idle
 * one a directory walk) through the executor, so the indexing happens in `heimdall load` subprocesses and
 * never in the server. Syncs do not overlap: callers arriving while one runs share the next one.
 */
export function createSyncRunner(config: () => HeimdallConfig, log: (line: string) => void): SyncRunner {
  let running: { startedAt: number; done: Promise<SyncResult> } | null = null;
  let next: Promise<SyncResult> | null = null;

  const start = (): Promise<SyncResult> => {
    const startedAt = Date.now();
    const done = syncOnce(config(), log);
    running = { startedAt, done };
    void done.then(() => {
      if (running?.done === done) running = null;
    });
    return done;
  };

  return {
    covering(since) {
      if (running === null) return start();
      if (running.startedAt >= since) return running.done;
      next ??= running.done.then(() => {
        next = null;
        return start();
      });
      return next;
    },
    async idle() {
      while (running !== null || next !== null) await (next ?? running?.done);
    },
  };
}

// Never rejects: callers race it against their deadline and may have stopped listening.
async function syncOnce(config: HeimdallConfig, log: (line: string) => void): Promise<SyncResult> {
  try {
    const outcome = await runSync({ config, plan: { kind: 'full', fastPath: true }, dryRun: false, log, progress: false });
    if (outcome.kind !== 'done') return { ok: true };
    const failed = outcome.report.results.filter((result) => result.action === 'failed');
    const detail = failed.slice(0, 3).map((result) => `${result.path}: ${result.error?.message ?? 'failed'}`).join('; ');
    // Permanent failures (a binary or too large doc) will fail every time: the store is as fresh as it can be.
    if (failed.every((result) => result.error?.permanent !== false)) return failed.length === 0 ? { ok: true } : { ok: true, detail: messages.mcp.syncPartly(failed.length, detail) };
    return { ok: false, ran: true, detail: messages.mcp.syncFailed(detail) };
  } catch (error) {
    return { ok: false, ran: false, detail: messages.mcp.syncFailed(error instanceof Error ? error.message : String(error)) };
  }
}
