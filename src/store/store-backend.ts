import type { MatchQuery } from './match-query.js';
import type { StoredStat } from './read-sources.js';
import type { ColumnWeights, RankedRow, RowFilter } from './search-rows.js';
import type { NewMemory, SourceRecord, SourceStat, StoreStatus } from './store.js';

/**
 * The store as everything above it uses it, whatever holds it: SQLite in `.heimdall/` (store.ts, synchronous,
 * awaited through an adapter) or a PostgreSQL database shared by a team (postgres/postgres-store.ts). Same
 * operations, same results, same errors (HeimdallError: temporary ones exit 75). Every write to one file is one
 * transaction, and two writers of one file never mix their contents: the last to commit wins, and a writer that
 * finds the content it brings already stored does nothing (replace() returns false).
 */
export interface StoreBackend {
  /** Where the store is, for messages: the SQLite file, or the database URL without its password. */
  readonly location: string;
  close(): Promise<void>;

  liveSource(path: string): Promise<SourceRecord | undefined>;
  /** The live sources whose path starts with `prefix/`. */
  liveSourcesUnder(prefix: string): Promise<SourceRecord[]>;
  /** Every live source, by path (byte order). */
  listSources(): Promise<SourceRecord[]>;
  /** What sync's fast path compares with the disk, by path. */
  storedStats(): Promise<Map<string, StoredStat>>;

  /** Replaces the file's memories (or creates the source) atomically; false when the store already holds this content. */
  replace(path: string, stat: SourceStat, doc: { title: string | null; tags: string[] }, memories: NewMemory[]): Promise<boolean>;
  /** Same content, new stat. */
  touch(path: string, stat: SourceStat): Promise<void>;
  /** Marks a live source removed (its memories leave search at once); its memory count, or null when it was not indexed. */
  remove(path: string): Promise<number | null>;
  /** Gives a recently removed source with this content to `path` (a rename), if there is one. */
  claimRemoved(path: string, stat: SourceStat): Promise<{ from: string; memories: number } | null>;
  /** Forgets removed sources older than that (default: ten minutes). */
  purgeRemoved(olderThanMs?: number): Promise<void>;

  /** The best `limit` live memories for `match`; `rank` is lower-is-better (SQLite's bm25 sign). */
  rank(match: MatchQuery, weights: ColumnWeights, filter: RowFilter, limit: number): Promise<RankedRow[]>;
  /** Each memory's text around what `match` finds, the matches between `**`. */
  snippets(match: MatchQuery, ids: readonly number[]): Promise<Map<number, string>>;
  /** Heading and text of each memory, for the re-ranking's look at the words as typed. */
  texts(ids: readonly number[]): Promise<Map<number, string>>;
  /** Which of `ids` `match` finds. */
  matching(match: MatchQuery, ids: readonly number[]): Promise<Set<number>>;
  status(): Promise<StoreStatus>;
}
