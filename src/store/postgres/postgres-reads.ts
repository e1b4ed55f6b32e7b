import { schema } from './postgres-migrations.js';

// The SQL of the PostgreSQL store's reads, $1 the project's id.

export const sourceColumns = `s.id, s.path, s.sha1, s.size, s.mtime_ms AS "mtimeMs", s.ctime_ms AS "ctimeMs", s.ino, s.indexed_at_ms AS "indexedAtMs",
  (SELECT count(*) FROM ${schema}.memories m WHERE m.source_id = s.id) AS memories`;
export const live = 's.project_id = $1 AND s.removed_at_ms IS NULL';

// Byte order, as SQLite's BINARY collation sorts: the database's own collation may be a language's.
export const docsSql = `SELECT s.path, s.title, s.tags, s.size, s.indexed_at_ms AS "indexedAtMs",
  (SELECT count(*) FROM ${schema}.memories m WHERE m.source_id = s.id) AS memories FROM ${schema}.sources s WHERE ${live} ORDER BY s.path COLLATE "C"`;

export const statsSql = `SELECT s.path, s.sha1, s.size, s.mtime_ms AS "mtimeMs", s.ctime_ms AS "ctimeMs", s.ino, s.indexed_at_ms AS "indexedAtMs"
  FROM ${schema}.sources s WHERE ${live}`;

/** storeBytes: the project's rows as stored (their share of the shared tables, indexes aside). */
export const statusSql = `SELECT (SELECT count(*) FROM ${schema}.sources s WHERE ${live}) AS sources,
  (SELECT count(*) FROM ${schema}.memories m JOIN ${schema}.sources s ON s.id = m.source_id WHERE ${live}) AS memories,
  (SELECT coalesce(sum(pg_column_size(s.*)), 0) FROM ${schema}.sources s WHERE s.project_id = $1)::bigint
    + (SELECT coalesce(sum(pg_column_size(m.*)), 0) FROM ${schema}.memories m JOIN ${schema}.sources s ON s.id = m.source_id WHERE s.project_id = $1)::bigint AS bytes`;
