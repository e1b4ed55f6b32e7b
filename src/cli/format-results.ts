import type { FileResult, LoadSummary } from '../contract/load-report.js';

/** People's view of a call's results: one line per file that changed or failed (at most `maxFiles`). */
export function formatResultLines(results: FileResult[], maxFiles = Infinity): string[] {
  const shown = results.filter((result) => result.action !== 'unchanged' && result.action !== 'absent');
  const lines = shown.slice(0, maxFiles).map((result) => {
    const detail =
      result.action === 'failed'
        ? `${result.error?.code}: ${result.error?.message}`
        : result.action === 'moved'
          ? `from ${result.from}, ${plural(result.memories)}`
          : result.reason !== undefined
            ? `${plural(result.memories)}; no longer docs: ${result.reason.replaceAll('-', ' ')}`
            : plural(result.memories);
    return `${result.action.padEnd(8)} ${result.path} (${detail})`;
  });
  if (shown.length > maxFiles) lines.push(`... and ${shown.length - maxFiles} more`);
  return lines;
}

export function formatSummary(s: LoadSummary, durationMs: number): string {
  return `${s.loaded} loaded, ${s.unchanged} unchanged, ${s.moved} moved, ${s.removed} removed, ${s.absent} absent, ${s.failed} failed in ${durationMs} ms`;
}

function plural(memories: number): string {
  return `${memories} ${memories === 1 ? 'memory' : 'memories'}`;
}
