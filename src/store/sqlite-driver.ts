import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

// Required, not imported: an ESM import of this CommonJS package makes Node run its export lexer over the package's
// modules first, ~6 ms of every process that opens a store (a delegated `load`, a `search --json`).
export const SqliteDatabase = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
