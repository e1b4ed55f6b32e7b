import type pg from 'pg';
import { redactUrl } from '../../config/redact-url.js';
import type { MatchQuery } from '../match-query.js';
import type { CandidateRequest, CandidateSet, Candidates } from '../memory-search.js';
import type { StoredStat } from '../read-sources.js';
import type { ColumnWeights, RankedRow, RowFilter } from '../search-rows.js';
import type { StoreBackend } from '../store-backend.js';
import type { DocRow, NewMemory, SourceRecord, SourceStat, StillCurrent, StoreStatus } from '../store-types.js';
import { testStall } from '../test-stall.js';
import { postgresError } from './postgres-error.js';
import { postgresSchemaVersion, schema } from './postgres-migrations.js';
import { createPool, withClient, type PostgresConnectOptions } from './postgres-pool.js';
import { prepareSchema } from './postgres-schema.js';
import { ensureProject, existingProject } from './postgres-projects.js';
import { docsSql, live, sourceColumns, statsSql, statusSql } from './postgres-reads.js';
import { idsMatching, rankRows, snippetsOf, stemOf, textsOf } from './postgres-search.js';
import { insertMemories, lockPath, revectorize } from './postgres-writes.js';

export interface PostgresStoreOptions extends PostgresConnectOptions {
  /** The namespace of this project in the database (store.project, or its default). */
  project: string;
}

/** How long a removed file's memories wait for a rename to claim them (as in the SQLite store). */
const tombstoneTtlMs = 10 * 60 * 1000;
// A removed source whose path is live again (a file created again since) is no rename's origin, as in the SQLite store.
const claimableFrom = `AND NOT EXISTS (SELECT 1 FROM ${schema}.sources l WHERE l.project_id = s.project_id AND l.path = s.path AND l.removed_at_ms IS NULL)`;

/**
 * The store in a PostgreSQL database, many projects side by side (one row of `projects` each, store.project).
 * Every write to one file is one transaction holding that file's lock (postgres-writes.ts), so concurrent
 * loaders of a project (two checkouts, CI) serialize per file: the last to commit wins, one that finds its content
 * already stored changes nothing. Errors are HeimdallErrors (postgres-error.ts) naming the URL without its password.
 */
export class PostgresStore implements StoreBackend {
  readonly location: string;
  readonly project: string;
  readonly #pool: pg.Pool;
  readonly #projectId: number;

  private constructor(pool: pg.Pool, location: string, project: string, projectId: number) {
    this.#pool = pool;
    this.location = location;
    this.project = project;
    this.#projectId = projectId;
  }

  /** Opens the store for writing: the schema is created or migrated, the project's row added if it is new. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const store = await PostgresStore.#open(options, false);
    return store!;
  }

  /** Opens the store for a reading command, or null when this database holds nothing of the project (reading must not create it). */
  static async openExisting(options: PostgresStoreOptions): Promise<PostgresStore | null> {
    return PostgresStore.#open(options, true);
  }

  static async #open(options: PostgresStoreOptions, readonly: boolean): Promise<PostgresStore | null> {
    const location = redactUrl(options.url);
    const pool = createPool(options);
    let store: PostgresStore | null = null;
    try {
      store = await withClient(pool, async (client) => {
        if ((await prepareSchema(client, location, readonly)) === 'absent') return null;
        const id = readonly ? await existingProject(client, options.project) : await ensureProject(client, options.project);
        return id === null ? null : new PostgresStore(pool, location, options.project, id);
      });
      return store;
    } catch (error) {
      throw postgresError(error, location);
    } finally {
      // Not handed over to a store: nobody else will close it.
      if (store === null) await pool.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.#pool.ended) return;
    await this.#pool.end();
  }

  async liveSource(path: string): Promise<SourceRecord | undefined> {
    const rows = await this.#query<SourceRecord>(`SELECT ${sourceColumns} FROM ${schema}.sources s WHERE ${live} AND s.path = $2`, [path]);
    return rows[0];
  }

  async liveSourcesUnder(prefix: string): Promise<SourceRecord[]> {
    return this.#query<SourceRecord>(`SELECT ${sourceColumns} FROM ${schema}.sources s WHERE ${live} AND starts_with(s.path, $2)`, [`${prefix}/`]);
  }

  async listSources(): Promise<SourceRecord[]> {
    // Byte order, as SQLite's BINARY collation sorts: the database's own collation may be a language's.
    return this.#query<SourceRecord>(`SELECT ${sourceColumns} FROM ${schema}.sources s WHERE ${live} ORDER BY s.path COLLATE "C"`);
  }

  async docs(): Promise<DocRow[]> {
    return this.#query<DocRow>(docsSql);
  }

  async storedStats(): Promise<Map<string, StoredStat>> {
    const rows = await this.#query<StoredStat & { path: string }>(statsSql);
    return new Map(rows.map(({ path, ...stat }) => [path, stat]));
  }

  // Each write is its own transaction, committed at once, even in a group: one holding many files' locks until the
  // chunk's end would make two checkouts' loaders, taking them in different orders, deadlock (40P01) and fail the
  // whole chunk; and a write that failed could not be undone alone. What a group saves SQLite (a commit per file,
  // its lock taken once) costs PostgreSQL one commit per file here.
  readonly groupsWrites = false;

  async groupWrites(_on: boolean): Promise<void> {}
  async commitGroup(): Promise<void> {}
  async rollbackGroup(): Promise<void> {}

  async replace(path: string, stat: SourceStat, doc: { title: string | null; tags: string[] }, memories: NewMemory[], current?: StillCurrent): Promise<boolean | 'stale'> {
    return this.#writeFile(path, current, async (client) => {
      const now = Date.now();
      const existing = await client.query<{ id: number; sha1: string }>(
        `SELECT id, sha1 FROM ${schema}.sources s WHERE ${live} AND s.path = $2`,
        [this.#projectId, path],
      );
      const stored = existing.rows[0];
      // Inside the file's lock: a concurrent load (the monitor and a sync, two checkouts) got there first.
      if (stored?.sha1 === stat.sha1) return false;
      let id: number;
      if (stored !== undefined) {
        id = stored.id;
        await client.query(`DELETE FROM ${schema}.memories WHERE source_id = $1`, [id]);
        await client.query(`UPDATE ${schema}.sources SET sha1 = $2, size = $3, mtime_ms = $4, indexed_at_ms = $5, title = $6, tags = $7, ctime_ms = $8, ino = $9 WHERE id = $1`, [
          id, stat.sha1, stat.size, stat.mtimeMs, now, doc.title, JSON.stringify(doc.tags), stat.ctimeMs ?? null, stat.ino ?? null,
        ]);
      } else {
        const inserted = await client.query<{ id: number }>(
          `INSERT INTO ${schema}.sources (project_id, path, sha1, size, mtime_ms, indexed_at_ms, title, tags, ctime_ms, ino) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [this.#projectId, path, stat.sha1, stat.size, stat.mtimeMs, now, doc.title, JSON.stringify(doc.tags), stat.ctimeMs ?? null, stat.ino ?? null],
        );
        id = inserted.rows[0]!.id;
      }
      // As in SQLite's store, the worst moment to die: the transaction open, the file's lock held, its old memories
      // deleted. The event loop stalls too, so the connection sits idle in that transaction until the process dies.
      testStall();
      await insertMemories(client, id, path, doc, memories);
      return true;
    });
  }

  async touch(path: string, stat: SourceStat): Promise<void> {
    // Only while it still holds this content: a stat written over another writer's newer content would let sync's
    // fast path trust a file it never read.
    await this.#query(`UPDATE ${schema}.sources s SET size = $3, mtime_ms = $4, indexed_at_ms = $5, ctime_ms = $7, ino = $8 WHERE ${live} AND s.path = $2 AND s.sha1 = $6`, [
      path, stat.size, stat.mtimeMs, Date.now(), stat.sha1, stat.ctimeMs ?? null, stat.ino ?? null,
    ]);
  }

  async remove(path: string, current?: StillCurrent): Promise<number | null | 'stale'> {
    return this.#writeFile(path, current, async (client) => {
      const removed = await client.query<{ memories: number }>(
        `UPDATE ${schema}.sources s SET removed_at_ms = $3 WHERE ${live} AND s.path = $2
         RETURNING (SELECT count(*) FROM ${schema}.memories m WHERE m.source_id = s.id) AS memories`,
        [this.#projectId, path, Date.now()],
      );
      return removed.rows[0]?.memories ?? null;
    });
  }

  // No replaced versions here: onto a live path nothing is claimed (claimRemoved), so nothing is said to be there.
  async removedWithContent(sha1: string, path: string): Promise<boolean> {
    const rows = await this.#query(
      `SELECT 1 FROM ${schema}.sources s WHERE s.project_id = $1 AND s.sha1 = $2 AND s.removed_at_ms IS NOT NULL ${claimableFrom}
       AND NOT EXISTS (SELECT 1 FROM ${schema}.sources t WHERE t.project_id = $1 AND t.path = $3 AND t.removed_at_ms IS NULL) LIMIT 1`,
      [sha1, path],
    );
    return rows.length > 0;
  }

  async claimRemoved(path: string, stat: SourceStat, current?: StillCurrent): Promise<{ from: string; memories: number } | null | 'stale'> {
    return this.#writeFile(path, current, async (client) => {
      const taken = await client.query(`SELECT 1 FROM ${schema}.sources s WHERE ${live} AND s.path = $2`, [this.#projectId, path]);
      if (taken.rowCount !== 0) return null;
      // FOR UPDATE: two renames of one content claim it once; the second finds it live again and takes none.
      const tombs = await client.query<{ id: number; path: string; title: string | null; tags: string[] }>(
        `SELECT s.id, s.path, s.title, s.tags FROM ${schema}.sources s WHERE s.project_id = $1 AND s.sha1 = $2 AND s.removed_at_ms IS NOT NULL ${claimableFrom}
         ORDER BY s.path = $3 DESC, s.removed_at_ms DESC LIMIT 1 FOR UPDATE`,
        [this.#projectId, stat.sha1, path],
      );
      const tomb = tombs.rows[0];
      if (tomb === undefined) return null;
      await client.query(`UPDATE ${schema}.sources SET path = $2, size = $3, mtime_ms = $4, indexed_at_ms = $5, removed_at_ms = NULL, ctime_ms = $6, ino = $7 WHERE id = $1`, [
        tomb.id, path, stat.size, stat.mtimeMs, Date.now(), stat.ctimeMs ?? null, stat.ino ?? null,
      ]);
      // Its memories are found by their path's words: those moved too.
      const memories = await revectorize(client, tomb.id, path, { title: tomb.title, tags: tomb.tags });
      return { from: tomb.path, memories };
    });
  }

  async purgeRemoved(olderThanMs: number = tombstoneTtlMs): Promise<void> {
    await this.#query(`DELETE FROM ${schema}.sources WHERE project_id = $1 AND removed_at_ms IS NOT NULL AND removed_at_ms < $2`, [Date.now() - olderThanMs]);
  }

  async stemOf(word: string): Promise<string> {
    return this.#read(() => stemOf(this.#pool, word));
  }

  /** ts_rank_cd's best: PostgreSQL's index gives every match's rank at once, so no term is left out. */
  async candidates(request: CandidateRequest): Promise<Candidates> {
    return { rows: await this.rank(request.match, request.weights, request.filter, request.count), terms: request.match.terms };
  }

  async among(ids: readonly number[]): Promise<CandidateSet> {
    const kept = [...ids];
    return { matching: (match) => this.matching(match, kept), snippets: (match) => this.snippets(match, kept), texts: () => this.texts(kept) };
  }

  async rank(match: MatchQuery, weights: ColumnWeights, filter: RowFilter, limit: number): Promise<RankedRow[]> {
    return this.#read(() => rankRows(this.#pool, this.#projectId, match, weights, filter, limit));
  }

  async snippets(match: MatchQuery, ids: readonly number[]): Promise<Map<number, string>> {
    return this.#read(() => snippetsOf(this.#pool, this.#projectId, match, ids));
  }

  async texts(ids: readonly number[]): Promise<Map<number, string>> {
    return this.#read(() => textsOf(this.#pool, this.#projectId, ids));
  }

  async matching(match: MatchQuery, ids: readonly number[]): Promise<Set<number>> {
    return this.#read(() => idsMatching(this.#pool, this.#projectId, match, ids));
  }

  /** storeBytes: the project's rows as stored (their share of the shared tables, indexes aside). */
  async status(): Promise<StoreStatus> {
    const [row] = await this.#query<{ sources: number; memories: number; bytes: number }>(statusSql);
    return { sources: row!.sources, memories: row!.memories, storeBytes: row!.bytes, schemaVersion: postgresSchemaVersion };
  }

  async #query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.#read(async () => (await this.#pool.query<T>(sql, [this.#projectId, ...params])).rows);
  }

  async #read<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw postgresError(error, this.location);
    }
  }

  /** A write of one file: its lock taken, then `current` asked under it (store-types.ts). */
  async #writeFile<T>(path: string, current: StillCurrent | undefined, work: (client: pg.PoolClient) => Promise<T>): Promise<T | 'stale'> {
    return this.#write(async (client) => {
      await lockPath(client, this.#projectId, path);
      return current?.() === false ? 'stale' : work(client);
    });
  }

  /** One transaction on one connection; any failure rolls it back. */
  async #write<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    try {
      return await withClient(this.#pool, async (client) => {
        await client.query('BEGIN');
        try {
          const result = await work(client);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    } catch (error) {
      throw postgresError(error, this.location);
    }
  }
}
