import type Database from 'better-sqlite3';
import { migrateToTitledPorter } from './migration-2.js';

// Migration N (1-based) brings the store from schema version N-1 to N, as SQL or as a function (one that
// derives new columns from what is stored). Append only: a released migration never changes, since
// stores in the wild have run it.
export const migrations: Array<string | ((db: Database.Database) => void)> = [
  `
  CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha1 TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    indexed_at_ms INTEGER NOT NULL,
    title TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    -- Set when the file was removed: the row and its memories linger briefly so that
    -- a rename seen as "removed A" then "added B" moves them instead of re-parsing.
    removed_at_ms INTEGER
  );
  CREATE UNIQUE INDEX sources_live_path ON sources(path) WHERE removed_at_ms IS NULL;
  CREATE INDEX sources_removed_sha1 ON sources(sha1) WHERE removed_at_ms IS NOT NULL;

  CREATE TABLE memories (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    heading TEXT NOT NULL,
    start_line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    text TEXT NOT NULL
  );
  CREATE INDEX memories_source ON memories(source_id);

  CREATE VIRTUAL TABLE memories_fts USING fts5(
    text, heading, content='memories', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER memories_ai AFTER INSERT ON memories BEGIN
    INSERT INTO memories_fts(rowid, text, heading) VALUES (new.id, new.text, new.heading);
  END;
  CREATE TRIGGER memories_ad AFTER DELETE ON memories BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, text, heading) VALUES ('delete', old.id, old.text, old.heading);
  END;
  `,
  migrateToTitledPorter,
  // Schema 3: the change time and inode of each file as indexed, which sync's fast path compares besides size
  // and mtime: a \`utimes\` puts an mtime back, never a ctime, and a file renamed over another is a new inode.
  // NULL (a row of schema 2, until its file is next seen) matches nothing: that file is hashed once.
  `
  ALTER TABLE sources ADD COLUMN ctime_ms REAL;
  ALTER TABLE sources ADD COLUMN ino INTEGER;
  `,
  // Schema 4: no triggers; the store writes memories_fts itself, with the rows (memory-index.ts). A statement that
  // fires a trigger writing FTS5 opens a statement savepoint, and FTS5 writes its pending index to disk at each one:
  // every memory row became an index segment of its own, which made loading ~3x slower than the index alone and
  // left searches more segments to read.
  `
  DROP TRIGGER IF EXISTS memories_ai;
  DROP TRIGGER IF EXISTS memories_ad;
  DROP TRIGGER IF EXISTS memories_au;
  `,
  // Schema 5: a replaced version of a file is kept, as a removed one is, for a branch switch back to claim (kept-versions.ts
  // keeps one per path): the removed sources are looked up by path too. And each source's memory count, written with
  // its memories: search counts the kept memories for every query (search-rows.ts), tens of thousands after a switch.
  (db) => {
    db.exec('CREATE INDEX IF NOT EXISTS sources_removed_path ON sources(path) WHERE removed_at_ms IS NOT NULL');
    const columns = (db.prepare('PRAGMA table_info(sources)').all() as Array<{ name: string }>).map((column) => column.name);
    if (!columns.includes('memory_count')) db.exec('ALTER TABLE sources ADD COLUMN memory_count INTEGER NOT NULL DEFAULT 0');
    db.exec('UPDATE sources SET memory_count = (SELECT count(*) FROM memories m WHERE m.source_id = sources.id)');
  },
];

export const schemaVersion = migrations.length;
