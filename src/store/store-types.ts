export interface SourceStat {
  sha1: string;
  size: number;
  mtimeMs: number;
  /** Absent or null: not known, so never trusted by sync's fast path. */
  ctimeMs?: number | null;
  ino?: number | null;
}

/**
 * What a write checks once it holds the file's write lock (SQLite: inside its transaction; PostgreSQL: after the
 * file's advisory lock): that the disk still holds what the write was planned from. Planned earlier from an older
 * read, a write committed after a newer writer's would put the old content back for good (no event follows), so it
 * writes nothing and answers 'stale' instead (load/plan-file.ts plans it again).
 */
export type StillCurrent = () => boolean;

export interface SourceRecord extends SourceStat {
  id: number;
  path: string;
  indexedAtMs: number;
  memories: number;
}

export interface NewMemory {
  heading: string;
  startLine: number;
  endLine: number;
  text: string;
}

export interface StoreStatus {
  sources: number;
  memories: number;
  storeBytes: number;
  schemaVersion: number;
}

/** One indexed doc as the MCP server's `list` shows it. */
export interface DocRow {
  path: string;
  title: string | null;
  tags: string[];
  size: number;
  memories: number;
  indexedAtMs: number;
}
