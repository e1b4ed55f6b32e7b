import type { MemorySearch } from './memory-search.js';
import type { StoredStat } from './read-sources.js';
import type { DocRow, NewMemory, SourceRecord, SourceStat, StillCurrent, StoreStatus } from './store-types.js';

/**
 * The store as everything above it uses it, whatever holds it: SQLite in `.heimdall/` (sqlite-backend.ts over the
 * synchronous store.ts) or a PostgreSQL database shared by a team (postgres/postgres-store.ts); open-backend.ts
 * picks one. Same operations, same results, same errors (HeimdallError: temporary ones exit 75). Every write to one
 * file is atomic, and two writers of one file never mix their contents: the last to commit wins, and a writer that
 * finds the content it brings already stored does nothing (replace() returns false).
 */
export interface StoreBackend extends MemorySearch {
  /** Where the store is, for messages and `status`: the SQLite file, or the database URL without its password. */
  readonly location: string;
  close(): Promise<void>;

  liveSource(path: string): Promise<SourceRecord | undefined>;
  /** The live sources whose path starts with `prefix/`. */
  liveSourcesUnder(prefix: string): Promise<SourceRecord[]>;
  /** Every live source, by path (byte order). */
  listSources(): Promise<SourceRecord[]>;
  /** Every live doc with its title and tags, by path (the MCP server's `list`). */
  docs(): Promise<DocRow[]>;
  /** What sync's fast path compares with the disk, by path. */
  storedStats(): Promise<Map<string, StoredStat>>;

  /**
   * Whether writes can share a transaction (groupWrites). A backend whose writes cannot usefully (postgres-store.ts)
   * makes each its own: its caller writes file by file, since a write done is stored at once.
   */
  readonly groupsWrites: boolean;
  /**
   * On: the writes from now on may share a transaction, made durable by commitGroup() (a caller reports a write
   * done once that returned); off ends the group. Each write stays atomic: should one fail, the caller rolls the
   * group back and makes its writes again one at a time (load/reconcile-paths.ts).
   */
  groupWrites(on: boolean): Promise<void>;
  commitGroup(): Promise<void>;
  rollbackGroup(): Promise<void>;

  /**
   * Replaces the file's memories (or creates the source) atomically; false when the store already holds this content.
   * The writes that depend on the disk (replace, remove, claimRemoved) take `current`, checked under the file's write
   * lock: when it says the disk moved on, they write nothing and answer 'stale' (store-types.ts).
   */
  replace(path: string, stat: SourceStat, doc: { title: string | null; tags: string[] }, memories: NewMemory[], current?: StillCurrent): Promise<boolean | 'stale'>;
  /** Same content, new stat; nothing when the store holds another content by now. */
  touch(path: string, stat: SourceStat): Promise<void>;
  /** Marks a live source removed (its memories leave search at once); its memory count, or null when it was not indexed. */
  remove(path: string, current?: StillCurrent): Promise<number | null | 'stale'>;
  /** Whether claimRemoved(path) would find a version with this content now (a plan's hint: the claim looks again). */
  removedWithContent(sha1: string, path: string): Promise<boolean>;
  /** Gives a recently removed source with this content to `path` (a rename), if there is one. */
  claimRemoved(path: string, stat: SourceStat, current?: StillCurrent): Promise<{ from: string; memories: number } | null | 'stale'>;
  /** Forgets removed sources older than that (default: ten minutes). */
  purgeRemoved(olderThanMs?: number): Promise<void>;

  status(): Promise<StoreStatus>;
}
