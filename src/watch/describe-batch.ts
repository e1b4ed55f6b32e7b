import type { Candidate } from '../executor/executor-types.js';

const named = 5;

/** The monitor's log line for a batch it hands to the executor: its size and the first few paths. */
export function describeBatch(batch: Candidate[]): string {
  const shown = batch.slice(0, named).map((c) => (c.deleted ? `${c.path} (deleted)` : c.path));
  const more = batch.length > named ? ` and ${batch.length - named} more` : '';
  return `batch of ${batch.length} ${batch.length === 1 ? 'path' : 'paths'}: ${shown.join(', ')}${more}`;
}
