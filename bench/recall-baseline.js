// heimdall's recall before schema 2, kept as the benchmark's baseline: the version-1 store (migration 1 as
// released: unicode61, columns text and heading, heading paths without the title) and its query path
// (every word quoted, the last one a prefix whatever its length; all words, else any; bm25 weights 1, 2).
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from './lib.js';

const Database = createRequire(import.meta.url)('better-sqlite3');
const { migrations } = await import(path.join(repoRoot, 'dist/store/migrations.js'));
const { parseMarkdown } = await import(path.join(repoRoot, 'dist/markdown/parse-markdown.js'));

function toFtsQueryV1(query, mode) {
  const words = query.normalize('NFC').match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return null;
  const terms = words.map((word, i) => `"${word}"${i === words.length - 1 ? '*' : ''}`);
  return terms.join(mode === 'and' ? ' ' : ' OR ');
}

/** A version-1 store of `docs` ([{rel, text}]) in `file`; returns search(query, limit) -> [path]. */
export function baselineIndex(file, docs) {
  const db = new Database(file);
  db.exec(migrations[0]);
  db.pragma('user_version = 1');
  const source = db.prepare("INSERT INTO sources (path, sha1, size, mtime_ms, indexed_at_ms, title, tags) VALUES (?, '', 0, 0, 0, ?, '[]')");
  const memory = db.prepare('INSERT INTO memories (source_id, ordinal, heading, start_line, end_line, text) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const doc of docs) {
      const parsed = parseMarkdown(doc.text, { titleInPath: false });
      const id = source.run(doc.rel, parsed.title).lastInsertRowid;
      parsed.memories.forEach((m, i) => memory.run(id, i, m.heading, m.startLine, m.endLine, m.text));
    }
  })();
  const select = db.prepare(`SELECT s.path AS path, bm25(memories_fts, 1.0, 2.0) AS rank
    FROM memories_fts JOIN memories m ON m.id = memories_fts.rowid JOIN sources s ON s.id = m.source_id
    WHERE memories_fts MATCH ? AND s.removed_at_ms IS NULL ORDER BY rank LIMIT ?`);
  const run = (query, mode, limit) => {
    const match = toFtsQueryV1(query, mode);
    return match === null ? [] : select.all(match, limit);
  };
  return {
    search(query, limit) {
      let rows = run(query, 'and', limit);
      if (rows.length === 0) rows = run(query, 'or', limit);
      return rows.map((row) => row.path);
    },
    close: () => db.close(),
  };
}
