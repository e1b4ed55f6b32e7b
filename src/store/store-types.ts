export interface SourceStat {
  sha1: string;
  size: number;
  mtimeMs: number;
  /** Absent or null: not known, so never trusted by sync's fast path. */
  ctimeMs?: number | null;
  ino?: number | null;
}

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
