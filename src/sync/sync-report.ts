import type { SubmitOutcome } from '../executor/executor-types.js';
import type { FileErrorCode, FileResult, LoadReport } from '../load/report-types.js';
import { messages } from '../errors/messages.js';
import type { CandidateReason } from './candidate-reason.js';
import type { UnreadableDir } from './scan-candidates.js';
import { formatResultLines, formatSummary } from '../load/format-results.js';

/** `sync --json`: the foundation issue's shape ({results, summary, durationMs}) plus what the sync itself saw. */
export interface SyncReport extends LoadReport {
  mode: 'full' | 'since';
  /** Paths handed to load / remove-file. */
  candidates: number;
  /** Full sync: docs files on disk, and how many of them the fast path skipped without reading. */
  scanned: number;
  skipped: number;
}

/** `sync --dry-run --json`: what would be sent, and why; nothing is read or written. */
export interface DryRunReport {
  dryRun: true;
  mode: 'full' | 'since';
  results: Array<{ path: string; action: 'load' | 'remove' | 'keep'; reason: CandidateReason | 'unreadable'; kept?: number }>;
  summary: { load: number; remove: number; unreadable: number };
  scanned: number;
  skipped: number;
  durationMs: number;
}

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
    // FailureCode extends FileErrorCode with the executor's own codes; scripts read them as strings.
    const code = failure.code as FileErrorCode;
    results.push({ path: failure.path, action: 'failed', memories: 0, error: { code, message: failure.message, permanent: failure.permanent } });
  }
  for (const path of outcome?.cancelled ?? []) {
    results.push({ path, action: 'failed', memories: 0, error: { code: 'internal', message: 'cancelled: the sync was stopped', permanent: false } });
  }
  for (const dir of unreadable) {
    const code: FileErrorCode = dir.code === 'EACCES' || dir.code === 'EPERM' ? 'permission-denied' : 'read-error';
    results.push({ path: dir.path, action: 'failed', memories: 0, error: { code, message: messages.sync.unreadableDir(dir.code, dir.kept), permanent: true } });
  }
  return results;
}

/** As `load`: 75 when a retry may help, 65 for permanent per-file failures, 1 when the commands could not run at all. */

/** People's view: one line per file that changed or failed (at most `maxFiles`), then the summary. */
export function formatSyncReport(report: SyncReport, maxFiles = Infinity): string {
  const lines = formatResultLines(report.results, maxFiles);
  const scan = report.mode === 'full' ? `${report.scanned} docs scanned, ${report.skipped} unchanged by size and mtime; ` : '';
  lines.push(`sync: ${scan}${report.candidates} checked: ${formatSummary(report.summary, report.durationMs)}`);
  return `${lines.join('\n')}\n`;
}

export function formatDryRun(report: DryRunReport): string {
  const lines = report.results.map((result) =>
    result.reason === 'unreadable'
      ? `keep     ${result.path} (cannot be read; ${result.kept ?? 0} stored file(s) kept)`
      : `${result.action.padEnd(8)} ${result.path} (${result.reason})`,
  );
  const scan = report.mode === 'full' ? `${report.scanned} docs scanned, ${report.skipped} unchanged by size and mtime; ` : '';
  lines.push(`sync --dry-run: ${scan}would load ${report.summary.load}, remove ${report.summary.remove}; nothing was changed`);
  return `${lines.join('\n')}\n`;
}
