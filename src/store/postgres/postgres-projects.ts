import type pg from 'pg';
import { schema } from './postgres-migrations.js';

/** The id of the project (store.project) in the database, or null when it holds nothing of it yet. */
export async function existingProject(client: pg.PoolClient, name: string): Promise<number | null> {
  const found = await client.query<{ id: number }>(`SELECT id FROM ${schema}.projects WHERE name = $1`, [name]);
  return found.rows[0]?.id ?? null;
}

/** The id of the project, its row added if it is new. */
export async function ensureProject(client: pg.PoolClient, name: string): Promise<number> {
  // DO NOTHING, then read: two processes adding the project at once both find the one row.
  const inserted = await client.query<{ id: number }>(`INSERT INTO ${schema}.projects (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id`, [name]);
  return inserted.rows[0]?.id ?? (await existingProject(client, name))!;
}
