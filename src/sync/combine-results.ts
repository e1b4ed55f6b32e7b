import type { ErrorCode } from '../contract/error-code.js';
import type { FileResult } from '../contract/load-report.js';
import { messages } from '../errors/messages.js';
import type { SubmitOutcome } from '../executor/executor-types.js';
import type { UnreadableDir } from './scan-candidates.js';

/**
 * Final results of a sync: the executor's final result per path, a `failed` result for
 * paths it gave up on without one (the command could not run, retries ran out, stopped),
 * and one `failed` result per directory that could not be read (its memories were kept).
 */
export function combineResults(outcome: SubmitOutcome | null, unreadable: UnreadableDir[]): FileResult[] {
  const results: FileResult[] = [...(outcome?.results ?? [])];
  const seen = new Set(results.map((result) => result.path));
  for (const failure of outcome?.failed ?? []) {
    if (seen.has(failure.path)) continue;
    seen.add(failure.path);
    results.push({ path: failure.path, action: 'failed', memories: 0, error: { code: failure.code, message: failure.message, permanent: failure.permanent } });
  }
  for (const path of outcome?.cancelled ?? []) {
    results.push({ path, action: 'failed', memories: 0, error: { code: 'internal', message: messages.sync.cancelled, permanent: false } });
  }
  for (const dir of unreadable) {
    const code: ErrorCode = dir.code === 'EACCES' || dir.code === 'EPERM' ? 'permission-denied' : 'read-error';
    results.push({ path: dir.path, action: 'failed', memories: 0, error: { code, message: messages.sync.unreadableDir(dir.code, dir.kept), permanent: true } });
  }
  return results;
}
