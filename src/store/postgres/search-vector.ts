import { memoryFields } from '../memory-fields.js';
import type { ColumnWeights } from '../search-rows.js';
import { searchConfig } from './postgres-migrations.js';
import { searchText } from './search-text.js';

/**
 * The columns of the SQLite index (ftsColumns) folded into tsvector's four weight labels: a heading or title hit
 * counts most (A), a tag (B), the body (C), the path's words and the identifier parts least (D), as the default
 * weights of src/recall/search-memories.ts rank them.
 */
const labels = { text: 'C', heading: 'A', title: 'A', tags: 'B', path: 'D', parts: 'D' } as const satisfies Record<keyof ColumnWeights, string>;

/** What one memory is found by, each field cut into words as the queries are (search-text.ts). */
export interface VectorFields {
  text: string;
  heading: string;
  title: string;
  tags: string;
  path: string;
  parts: string;
}

/** The search fields of a memory of the doc at `path` (the same fields as the SQLite store's memoryFields). */
export function vectorFields(path: string, doc: { title: string | null; tags: readonly string[] }, memory: { heading: string; text: string }): VectorFields {
  const fields = memoryFields(path, doc, memory);
  return {
    text: searchText(memory.text),
    heading: searchText(memory.heading),
    title: searchText(fields.title),
    tags: searchText(fields.tags),
    path: searchText(fields.path),
    parts: searchText(fields.parts),
  };
}

/** The SQL of the tsvector, from an SQL expression per field (columns of an unnest, parameters). */
export function vectorSql(field: (name: keyof VectorFields) => string): string {
  return (Object.keys(labels) as Array<keyof VectorFields>)
    .map((name) => `setweight(to_tsvector('${searchConfig}', ${field(name)}), '${labels[name]}')`)
    .join(' || ');
}

/**
 * ts_rank_cd's weights ({D, C, B, A}, each at most 1) for the SQLite store's column weights: each label weighs what
 * its heaviest column does, scaled so that the heaviest label is 1 (a ranking only compares, so the scale is free).
 */
export function labelWeights(weights: ColumnWeights): number[] {
  const byLabel = { A: 0, B: 0, C: 0, D: 0 };
  for (const [column, label] of Object.entries(labels) as Array<[keyof ColumnWeights, keyof typeof byLabel]>) {
    byLabel[label] = Math.max(byLabel[label], Number(weights[column]));
  }
  const top = Math.max(byLabel.A, byLabel.B, byLabel.C, byLabel.D);
  const scale = top > 0 ? 1 / top : 1;
  return [byLabel.D, byLabel.C, byLabel.B, byLabel.A].map((weight) => weight * scale);
}
