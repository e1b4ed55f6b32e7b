import type { IndexWriter } from './memory-index.js';
import { unindexMemories } from './memory-index.js';
import type { SqlSource } from './search-rows.js';
import type { SourceRecord } from './store-types.js';

// A removed file's source and memories, and a replaced version's, are kept out of search for a while, still indexed:
// a rename claims them (its memories move, unparsed), and so does a branch switch back to that version (no parse, and
// no index change when the path is the same). Search skips them and widens its window by as many (search-rows.ts).

/** How long a removed file's memories, or a replaced version's, wait for a rename or a return to claim them. */
export const tombstoneTtlMs = 10 * 60 * 1000;
/** How many expired sources one purge forgets at most (~1,000 memories: tens of ms of index work). */
export const purgeAtMost = 200;

/** A SourceRecord's columns, of `sources s`. */
export const sourceColumns = `s.id, s.path, s.sha1, s.size, s.mtime_ms AS mtimeMs, s.ctime_ms AS ctimeMs, s.ino, s.indexed_at_ms AS indexedAtMs,
  s.memory_count AS memories`;

/**
 * The kept version with content `sha1` that `path` may claim. Onto a live file, only its own older version (a switch
 * back). Else a rename's: another path's version too, if that path is gone (a live file's older version, or a removed
 * file's created again, is no move). The path's own first, then the latest.
 */
export function claimableVersion(sql: SqlSource, path: string, sha1: string, live: boolean): SourceRecord | undefined {
  return (live
    ? sql.statement(`SELECT ${sourceColumns} FROM sources s WHERE s.path = ? AND s.sha1 = ? AND s.removed_at_ms IS NOT NULL
        ORDER BY s.removed_at_ms DESC LIMIT 1`).get(path, sha1)
    : sql.statement(`SELECT ${sourceColumns} FROM sources s WHERE s.sha1 = ? AND s.removed_at_ms IS NOT NULL
        AND (s.path = ? OR NOT EXISTS (SELECT 1 FROM sources l WHERE l.path = s.path AND l.removed_at_ms IS NULL))
        ORDER BY s.path = ? DESC, s.removed_at_ms DESC LIMIT 1`).get(sha1, path, path)) as SourceRecord | undefined;
}

/**
 * Takes the live source `id` of `path` out of search, kept (with its memories, still indexed) for a claim. One version
 * per path is kept, the latest: the path's older ones go now (but `spare`, the one a claim is taking), so that a file
 * edited many times leaves one, not one per save.
 */
export function retireVersion(sql: SqlSource, index: IndexWriter, path: string, id: number, spare = -1): void {
  sql.statement('UPDATE sources SET removed_at_ms = ? WHERE id = ?').run(Date.now(), id);
  const older = 'source_id IN (SELECT id FROM sources WHERE path = ? AND removed_at_ms IS NOT NULL AND id NOT IN (?, ?))';
  unindexMemories(sql, index, older, path, id, spare);
  sql.statement('DELETE FROM sources WHERE path = ? AND removed_at_ms IS NOT NULL AND id NOT IN (?, ?)').run(path, id, spare);
}

/**
 * Forgets the oldest kept versions removed before `before`, purgeAtMost at most: a call that writes purges with its
 * first write (reconcile-paths.ts), so a monitor's edit 10 minutes after a switch of thousands of docs would otherwise
 * pay for dropping every one of them from the index (seconds) before its own write is searchable. The rest go in the
 * calls after; until then they are only kept a little longer.
 */
export function purgeExpired(sql: SqlSource, index: IndexWriter, before: number): void {
  const expired = 'SELECT id FROM sources WHERE removed_at_ms IS NOT NULL AND removed_at_ms < ? ORDER BY removed_at_ms, id LIMIT ?';
  // Their memories go with them (ON DELETE CASCADE), out of the index first.
  unindexMemories(sql, index, `source_id IN (${expired})`, before, purgeAtMost);
  sql.statement(`DELETE FROM sources WHERE id IN (${expired})`).run(before, purgeAtMost);
}
