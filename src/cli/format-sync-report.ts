import type { DryRunReport, SyncReport } from '../contract/sync-report.js';
import { formatResultLines, formatSummary } from './format-results.js';

/** People's view of a sync: one line per file that changed or failed (at most `maxFiles`), then the summary. */
export function formatSyncReport(report: SyncReport, maxFiles = Infinity): string {
  const lines = formatResultLines(report.results, maxFiles);
  const scan = report.mode === 'full' ? `${report.scanned} docs scanned, ${report.skipped} unchanged by size and mtime; ` : '';
  lines.push(`sync: ${scan}${report.candidates} checked: ${formatSummary(report.summary, report.durationMs)}`);
  return `${lines.join('\n')}\n`;
}

/** People's view of `sync --dry-run`: what would be loaded, removed or kept, and why. */
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
