/** The schema every project's rows live in, so that a shared database keeps heimdall's tables apart from others'. */
export const schema = 'heimdall';
/** The text search configuration the index and the queries use (created by migration 1). */
export const searchConfig = `${schema}.english`;

// Migration N (1-based) brings the schema from version N-1 to N. Append only: a released migration never
// changes, since databases in the wild have run it. Each runs inside the one migrating transaction
// (postgres-schema.ts): PostgreSQL's DDL is transactional, so a failed migration leaves the previous version.
export const postgresMigrations: string[] = [
  `
  -- english's snowball stemmer without its stop words: every word a person types counts, as in the SQLite store
  -- (whose porter tokenizer drops none); the any-word fallback leaves out function words itself.
  CREATE TEXT SEARCH DICTIONARY ${schema}.english_stem (TEMPLATE = snowball, Language = english);
  CREATE TEXT SEARCH CONFIGURATION ${searchConfig} (COPY = pg_catalog.english);
  ALTER TEXT SEARCH CONFIGURATION ${searchConfig}
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH ${schema}.english_stem;

  -- One row per namespace (store.project): many repositories share one database without seeing each other.
  CREATE TABLE ${schema}.projects (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
  );

  CREATE TABLE ${schema}.sources (
    id bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES ${schema}.projects(id) ON DELETE CASCADE,
    path text NOT NULL,
    sha1 text NOT NULL,
    size bigint NOT NULL,
    mtime_ms double precision NOT NULL,
    -- As indexed, for the fast path: a utimes can put size and mtime back, never the ctime; a rename over changes the inode.
    ctime_ms double precision,
    ino bigint,
    indexed_at_ms bigint NOT NULL,
    title text,
    tags jsonb NOT NULL DEFAULT '[]',
    -- Set when the file was removed: the row and its memories linger briefly so that a rename seen as
    -- "removed A" then "added B" moves them instead of re-parsing.
    removed_at_ms bigint
  );
  CREATE UNIQUE INDEX sources_live_path ON ${schema}.sources (project_id, path) WHERE removed_at_ms IS NULL;
  CREATE INDEX sources_removed_sha1 ON ${schema}.sources (project_id, sha1) WHERE removed_at_ms IS NOT NULL;

  -- search: the words of the text (C), the heading path and the title (A), the tags (B), the path's words and the
  -- identifier parts (D), as search-vector.ts builds it.
  CREATE TABLE ${schema}.memories (
    id bigserial PRIMARY KEY,
    source_id bigint NOT NULL REFERENCES ${schema}.sources(id) ON DELETE CASCADE,
    ordinal integer NOT NULL,
    heading text NOT NULL,
    start_line integer NOT NULL,
    end_line integer NOT NULL,
    text text NOT NULL,
    search tsvector NOT NULL
  );
  CREATE INDEX memories_source ON ${schema}.memories (source_id);
  CREATE INDEX memories_search ON ${schema}.memories USING gin (search);
  `,
];

export const postgresSchemaVersion = postgresMigrations.length;
