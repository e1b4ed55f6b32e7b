import { formatTable } from './format-table.js';
import { formatBytes, formatLocalTime } from './format-units.js';

export interface SourceLine {
  path: string;
  size: number;
  memories: number;
  indexedAt: string;
}

/** `sources` for people: path, memories, size, indexed-at (local time), in aligned columns. */
export function formatSources(sources: SourceLine[]): string {
  const countWidth = Math.max(0, ...sources.map((s) => String(s.memories).length));
  const rows = sources.map((s) => [
    s.path,
    // The counts right-aligned, the word after them: `  1 memory`, ` 12 memories`.
    `${String(s.memories).padStart(countWidth)} ${s.memories === 1 ? 'memory' : 'memories'}`,
    formatBytes(s.size),
    formatLocalTime(s.indexedAt),
  ]);
  return `${formatTable(rows, ['left', 'left', 'right', 'left']).join('\n')}\n`;
}
