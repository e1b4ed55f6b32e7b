import type Database from 'better-sqlite3';
import { sameHeading } from '../markdown/titled-path.js';
import { memoryFields } from './memory-fields.js';

// The columns memories_fts indexes, in bm25() weight order (search-memories.ts).
export const ftsColumns = ['text', 'heading', 'title', 'tags', 'path', 'parts'] as const;

const cols = ftsColumns.join(', ');
const values = (row: 'new' | 'old') => ftsColumns.map((c) => `${row}.${c}`).join(', ');

/**
 * Schema 2: word forms (the porter stemmer over unicode61, so `configure` finds "Configuration"), and memories
 * found by their document's title, tags and path words and by the parts of camelCase identifiers. Those are
 * copied into each memory row (external-content FTS5 reads its columns from one table, and a 'delete' must
 * see exactly what was indexed: a join would let a source's later change desynchronise the index).
 * An existing store is upgraded in place from what it holds: no doc is re-read. Its heading paths gain the
 * document title, as parseMarkdown now gives them.
 */
export function migrateToTitledPorter(db: Database.Database): void {
  db.exec(`
    DROP TRIGGER memories_ai;
    DROP TRIGGER memories_ad;
    DROP TABLE memories_fts;
    ALTER TABLE memories ADD COLUMN title TEXT NOT NULL DEFAULT '';
    ALTER TABLE memories ADD COLUMN tags TEXT NOT NULL DEFAULT '';
    ALTER TABLE memories ADD COLUMN path TEXT NOT NULL DEFAULT '';
    ALTER TABLE memories ADD COLUMN parts TEXT NOT NULL DEFAULT '';
  `);
  const batch = db.prepare(`SELECT m.id, m.heading, m.text, s.path, s.title AS docTitle, s.tags AS docTags
    FROM memories m JOIN sources s ON s.id = m.source_id WHERE m.id > ? ORDER BY m.id LIMIT 500`);
  const update = db.prepare('UPDATE memories SET heading = ?, title = ?, tags = ?, path = ?, parts = ? WHERE id = ?');
  type Row = { id: number; heading: string; text: string; path: string; docTitle: string | null; docTags: string };
  for (let after = 0; ; ) {
    const rows = batch.all(after) as Row[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const heading = titledHeading(row.heading, row.docTitle);
      const fields = memoryFields(row.path, { title: row.docTitle, tags: parseTags(row.docTags) }, { heading, text: row.text });
      update.run(heading, fields.title, fields.tags, fields.path, fields.parts, row.id);
    }
    after = rows[rows.length - 1]!.id;
  }
  db.exec(`
    CREATE VIRTUAL TABLE memories_fts USING fts5(
      ${cols}, content='memories', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2', prefix='3 4'
    );
    INSERT INTO memories_fts(memories_fts) VALUES ('rebuild');
    ${triggers}
  `);
}

const triggers = `
  CREATE TRIGGER memories_ai AFTER INSERT ON memories BEGIN
    INSERT INTO memories_fts(rowid, ${cols}) VALUES (new.id, ${values('new')});
  END;
  CREATE TRIGGER memories_ad AFTER DELETE ON memories BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, ${cols}) VALUES ('delete', old.id, ${values('old')});
  END;
  CREATE TRIGGER memories_au AFTER UPDATE ON memories BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, ${cols}) VALUES ('delete', old.id, ${values('old')});
    INSERT INTO memories_fts(rowid, ${cols}) VALUES (new.id, ${values('new')});
  END;
`;

// A version-1 heading is the bare chain joined with ' > ' (titled-path.ts, on the stored string).
function titledHeading(heading: string, title: string | null): string {
  if (title === null || title === '') return heading;
  if (heading === '') return title;
  return sameHeading(heading.split(' > ')[0]!, title) ? heading : `${title} > ${heading}`;
}

function parseTags(json: string): string[] {
  try {
    const tags: unknown = JSON.parse(json);
    return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}
