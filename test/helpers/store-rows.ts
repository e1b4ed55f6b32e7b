// What a store holds, read directly (readonly), for the crash tests: did a killed load leave each file old or new?
import { createRequire } from 'node:module';

const Database = createRequire(import.meta.url)('better-sqlite3');

/** Memories per live stored file, in path order, after SQLite's integrity check. */
export function memoryCounts(store: string): number[] {
  const db = new Database(store, { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`integrity_check: ${integrity}`);
    return db.prepare('SELECT (SELECT count(*) FROM memories m WHERE m.source_id = s.id) AS n FROM sources s WHERE s.removed_at_ms IS NULL ORDER BY s.path').all().map((row: { n: number }) => row.n);
  } finally {
    db.close();
  }
}
