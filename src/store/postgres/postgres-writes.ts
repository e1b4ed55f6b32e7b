import type pg from 'pg';
import type { NewMemory } from '../store.js';
import { schema } from './postgres-migrations.js';
import { vectorFields, vectorSql, type VectorFields } from './search-vector.js';

/**
 * Takes the lock of one file of the project until the transaction ends. Every write of a path (replace, remove,
 * a rename claiming it) holds it, so two writers of one file serialize: the second sees the first's commit, its
 * memories included, and never leaves a mix of both. A transaction-level advisory lock rather than a row lock,
 * since a new file has no row to lock yet; a hash collision only makes two files wait for each other.
 */
export async function lockPath(client: pg.PoolClient, projectId: number, path: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(($1::bigint % 2147483647)::integer, hashtext($2))', [projectId, path]);
}

type Doc = { title: string | null; tags: readonly string[] };

// The fields that differ per memory come from an unnest (t.w_text, ...); the doc's, the same for each of its
// memories, are one parameter each, numbered from `first`.
function vectorOver(first: number): string {
  const doc: Partial<Record<keyof VectorFields, string>> = { title: `$${first}`, tags: `$${first + 1}`, path: `$${first + 2}` };
  return vectorSql((name) => doc[name] ?? `t.w_${name}`);
}
const docValues = (fields: VectorFields | undefined) => [fields?.title ?? '', fields?.tags ?? '', fields?.path ?? ''];
const column = (fields: VectorFields[], name: 'text' | 'heading' | 'parts') => fields.map((field) => field[name]);

const insertSql = `INSERT INTO ${schema}.memories (source_id, ordinal, heading, start_line, end_line, text, search)
  SELECT $1, t.ordinal, t.heading, t.start_line, t.end_line, t.text, ${vectorOver(10)}
  FROM unnest($2::integer[], $3::text[], $4::integer[], $5::integer[], $6::text[], $7::text[], $8::text[], $9::text[])
    AS t(ordinal, heading, start_line, end_line, text, w_text, w_heading, w_parts)`;

/** Writes a doc's memories, each with its search vector, in one statement. */
export async function insertMemories(client: pg.PoolClient, sourceId: number, path: string, doc: Doc, memories: NewMemory[]): Promise<void> {
  if (memories.length === 0) return;
  const fields = memories.map((memory) => vectorFields(path, doc, memory));
  await client.query(insertSql, [
    sourceId,
    memories.map((_, ordinal) => ordinal),
    memories.map((memory) => memory.heading),
    memories.map((memory) => memory.startLine),
    memories.map((memory) => memory.endLine),
    memories.map((memory) => memory.text),
    column(fields, 'text'),
    column(fields, 'heading'),
    column(fields, 'parts'),
    ...docValues(fields[0]),
  ]);
}

const revectorizeSql = `UPDATE ${schema}.memories m SET search = ${vectorOver(5)}
  FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS t(id, w_text, w_heading, w_parts) WHERE m.id = t.id`;

/** A source's memories indexed again for its new path (a rename); their count. */
export async function revectorize(client: pg.PoolClient, sourceId: number, path: string, doc: Doc): Promise<number> {
  const rows = await client.query<{ id: number; heading: string; text: string }>(`SELECT id, heading, text FROM ${schema}.memories WHERE source_id = $1`, [sourceId]);
  if (rows.rows.length === 0) return 0;
  const fields = rows.rows.map((memory) => vectorFields(path, doc, memory));
  await client.query(revectorizeSql, [rows.rows.map((memory) => memory.id), column(fields, 'text'), column(fields, 'heading'), column(fields, 'parts'), ...docValues(fields[0])]);
  return rows.rows.length;
}
