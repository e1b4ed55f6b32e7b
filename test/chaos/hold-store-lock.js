// Holds the store's write lock for a while, in its own process: the chaos runner blocks in
// spawnSync during git commands, and a lock held in-process would be held for as long.
import { createRequire } from 'node:module';

const [file, holdMs] = process.argv.slice(2);
const Database = createRequire(import.meta.url)('better-sqlite3');
const db = new Database(file, { timeout: 10_000 });
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\n');
setTimeout(() => {
  db.exec('ROLLBACK');
  db.close();
}, Number(holdMs));
