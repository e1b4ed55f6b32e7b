import { storeBytes } from '../paths/store-bytes.js';
import type { CandidateRequest, CandidateSet, Candidates } from './memory-search.js';
import { readStoredSources, type StoredStat } from './read-sources.js';
import type { StoreBackend } from './store-backend.js';
import type { DocRow, NewMemory, SourceRecord, SourceStat, StillCurrent, StoreStatus } from './store-types.js';
import type { Store } from './store.js';

/**
 * The SQLite store (store.ts, synchronous: better-sqlite3) as a StoreBackend. Each call runs at once and returns
 * a settled promise, so the store behaves as before: a write group is one SQLite transaction, search is
 * SqliteSearch's.
 */
export class SqliteBackend implements StoreBackend {
  readonly store: Store;
  readonly location: string;

  constructor(store: Store) {
    this.store = store;
    this.location = store.file;
  }

  async close(): Promise<void> {
    this.store.close();
  }

  async liveSource(path: string): Promise<SourceRecord | undefined> {
    return this.store.liveSource(path);
  }

  async liveSourcesUnder(prefix: string): Promise<SourceRecord[]> {
    return this.store.liveSourcesUnder(prefix);
  }

  async listSources(): Promise<SourceRecord[]> {
    return this.store.listSources();
  }

  async docs(): Promise<DocRow[]> {
    return this.store.docs();
  }

  async storedStats(): Promise<Map<string, StoredStat>> {
    return readStoredSources(this.store.file);
  }

  readonly groupsWrites = true;

  async groupWrites(on: boolean): Promise<void> {
    this.store.groupWrites(on);
  }

  async commitGroup(): Promise<void> {
    this.store.commitGroup();
  }

  async rollbackGroup(): Promise<void> {
    this.store.rollbackGroup();
  }

  async replace(path: string, stat: SourceStat, doc: { title: string | null; tags: string[] }, memories: NewMemory[], current?: StillCurrent): Promise<boolean | 'stale'> {
    return this.store.replace(path, stat, doc, memories, current);
  }

  async touch(path: string, stat: SourceStat): Promise<void> {
    this.store.touch(path, stat);
  }

  async remove(path: string, current?: StillCurrent): Promise<number | null | 'stale'> {
    return this.store.remove(path, current);
  }

  async removedWithContent(sha1: string, path: string): Promise<boolean> {
    return this.store.removedWithContent(sha1, path);
  }

  async claimRemoved(path: string, stat: SourceStat, current?: StillCurrent): Promise<{ from: string; memories: number } | null | 'stale'> {
    return this.store.claimRemoved(path, stat, current);
  }

  async purgeRemoved(olderThanMs?: number): Promise<void> {
    this.store.purgeRemoved(olderThanMs);
  }

  async status(): Promise<StoreStatus> {
    return this.store.status(storeBytes(this.store.file));
  }

  stemOf(word: string): Promise<string> {
    return this.store.search.stemOf(word);
  }

  candidates(request: CandidateRequest): Promise<Candidates> {
    return this.store.search.candidates(request);
  }

  among(ids: readonly number[]): Promise<CandidateSet> {
    return this.store.search.among(ids);
  }
}
