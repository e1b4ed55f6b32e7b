import { identifierPartsText } from '../recall/identifier-parts.js';

/** What a memory is found by besides its own text and heading path: its document's title, tags and path. */
export interface MemoryFields {
  title: string;
  tags: string;
  path: string;
  parts: string;
}

/**
 * The searchable columns of one memory (memories_fts, migration 2). The path's words (`runbooks/payments.md`
 * is found by `payments`, `runbooks`) without its extension, which every doc shares; the tokenizer splits at
 * the slashes, dots and dashes.
 */
export function memoryFields(path: string, doc: { title: string | null; tags: readonly string[] }, memory: { heading: string; text: string }): MemoryFields {
  return { title: doc.title ?? '', tags: doc.tags.join(' ; '), path: pathWords(path), parts: identifierPartsText(memory.heading, memory.text) };
}

export function pathWords(path: string): string {
  const bare = path.replace(/\.[^./]*$/, '');
  const parts = identifierPartsText(bare);
  return parts === '' ? bare : `${bare} ${parts}`;
}
