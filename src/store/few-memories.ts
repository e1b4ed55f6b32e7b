import type Database from 'better-sqlite3';
import { SqliteDatabase } from './sqlite-driver.js';
import type { IndexedColumns } from './memory-index.js';
import { ftsColumns } from './migration-2.js';

/** A memory's indexed columns, as memories_fts reads them from the memories table. */
export type IndexedRow = { id: number } & IndexedColumns;

const cols = ftsColumns.join(', ');

/**
 * A handful of memories (search's best candidates) in an FTS5 table of their own, in memory, with the store's
 * tokenizer: which of them have a phrase, and their snippets. Asked of the store's index, each of these questions
 * reads the phrase's words' lists of rows across the whole store (FTS5 seeks a rowid by reading a list from its start
 * unless the list is long): 50 candidates and a long query's 20 word pairs cost 100 ms in a 200,000-memory store, and
 * under a millisecond here. Same tokens, same phrases, same snippets: the rows are copied as they are indexed.
 */
export class FewMemories {
  readonly #db = new SqliteDatabase(':memory:');
  readonly #insert: Database.Statement;
  readonly #insertRow: Database.Statement;
  readonly #clear: Database.Statement;
  readonly #clearRows: Database.Statement;
  readonly #matching: Database.Statement;
  readonly #snippets: Database.Statement;
  readonly #stem: { clear: Database.Statement; insert: Database.Statement; terms: Database.Statement };
  #rows: readonly IndexedRow[] = [];

  constructor(tokenize: string) {
    // The rows in a table of their own (the index's external content): emptying the index is then 'delete-all', which
    // drops its segments, where deleting rows from an FTS5 table reads and tokenizes each again, and leaves tombstones
    // for later merges to carry.
    this.#db.exec(`CREATE TABLE few_rows (id INTEGER PRIMARY KEY, ${cols})`);
    this.#db.exec(`CREATE VIRTUAL TABLE few USING fts5(${cols}, content='few_rows', content_rowid='id', tokenize=${quote(tokenize)})`);
    this.#db.exec(`CREATE VIRTUAL TABLE word USING fts5(w, tokenize=${quote(tokenize)}); CREATE VIRTUAL TABLE word_terms USING fts5vocab(word, 'row')`);
    this.#stem = {
      clear: this.#db.prepare('DELETE FROM word'),
      insert: this.#db.prepare('INSERT INTO word (rowid, w) VALUES (1, ?)'),
      terms: this.#db.prepare('SELECT term FROM word_terms').pluck(),
    };
    this.#insert = this.#db.prepare(`INSERT INTO few (rowid, ${cols}) VALUES (?, ${ftsColumns.map(() => '?').join(', ')})`);
    this.#insertRow = this.#db.prepare(`INSERT INTO few_rows (id, ${cols}) VALUES (?, ${ftsColumns.map(() => '?').join(', ')})`);
    this.#clear = this.#db.prepare("INSERT INTO few (few) VALUES ('delete-all')");
    this.#clearRows = this.#db.prepare('DELETE FROM few_rows');
    this.#matching = this.#db.prepare('SELECT rowid FROM few WHERE few MATCH ?').pluck();
    this.#snippets = this.#db.prepare("SELECT rowid AS id, snippet(few, 0, '**', '**', '…', 16) AS snippet FROM few WHERE few MATCH ?");
  }

  /** Replaces the rows held with these. */
  load(rows: readonly IndexedRow[]): void {
    this.#db.transaction(() => {
      this.#clear.run();
      this.#clearRows.run();
      for (const row of rows) {
        const values = ftsColumns.map((column) => row[column]);
        this.#insertRow.run(row.id, ...values);
        this.#insert.run(row.id, ...values);
      }
    })();
    this.#rows = rows;
  }

  /** Which of the rows held `match` (an FTS5 MATCH expression) finds. */
  matching(match: string): Set<number> {
    return new Set(this.#matching.all(match) as number[]);
  }

  /** Their body text around what `match` finds, the matches between `**`. */
  snippets(match: string): Map<number, string> {
    const rows = this.#snippets.all(match) as Array<{ id: number; snippet: string | null }>;
    return new Map(rows.map((row) => [row.id, row.snippet ?? '']));
  }

  /** What the index holds of `word` (its tokens, the porter stemmer's forms), joined. */
  stem(word: string): string {
    this.#stem.clear.run();
    this.#stem.insert.run(word);
    return (this.#stem.terms.all() as string[]).join('');
  }

  /** The words each is shown by: its heading path and text. */
  texts(): Map<number, string> {
    return new Map(this.#rows.map((row) => [row.id, `${row.heading} ${row.text}`]));
  }

  close(): void {
    this.#db.close();
  }
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
