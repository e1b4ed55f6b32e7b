import type { DocRow } from './store-reader.js';
import type { DocPart } from './read-doc-part.js';
import type { Freshness } from './freshness.js';
import type { ProjectState } from './project-state.js';
import type { RecallHit } from '../recall/search-memories.js';
import type { WrittenMemory } from './remember-memory.js';

// The readable text form of each answer, beside its structuredContent: what a client that shows only text
// (or a person reading a transcript) sees.

/** A tool's answer: the structured result and its readable text. */
export function answer<T extends Record<string, unknown>>(structured: T, text: string) {
  return { content: [{ type: 'text' as const, text }], structuredContent: structured };
}

export function freshnessLine(freshness: Freshness): string {
  const as = `as of ${freshness.asOf}`;
  if (freshness.fresh) return `(fresh ${as}, via ${freshness.via}${freshness.detail === undefined ? '' : `; ${freshness.detail}`})`;
  return `(not fresh ${as}: ${freshness.detail ?? 'unknown'})`;
}

export function searchText(query: string, hits: RecallHit[], fallback: boolean, words: string[], freshness: Freshness): string {
  if (hits.length === 0) return `No memories match "${query}".\n${freshnessLine(freshness)}`;
  const head = fallback ? `No memory has all of: ${words.join(' ')}; these have some of them.\n\n` : '';
  const body = hits.map((hit) => `${hit.path}:${hit.lines[0]}-${hit.lines[1]}  ${hit.heading || '(top)'}  [${hit.score}]\n  ${hit.snippet.replace(/\s+/g, ' ')}`).join('\n\n');
  return `${head}${body}\n\n${freshnessLine(freshness)}`;
}

export function docPartText(part: DocPart, freshness: Freshness): string {
  const [first, last] = part.lines;
  const width = String(last).length;
  const numbered = part.text.split('\n').map((text, i) => `${String(first + i).padStart(width)}  ${text}`.trimEnd()).join('\n');
  return `${part.path}:${first}-${last}  ${part.heading || '(top)'}\n\n${numbered}\n\n${freshnessLine(freshness)}`;
}

export function listText(docs: DocRow[], total: number, freshness: Freshness): string {
  if (total === 0) return `No docs indexed.\n${freshnessLine(freshness)}`;
  const rows = docs.map((doc) => `${doc.path}  ${doc.title ?? '(untitled)'}${doc.tags.length > 0 ? `  [${doc.tags.join(', ')}]` : ''}  ${doc.memories} memories, ${doc.size} bytes`);
  const more = total > docs.length ? `\n(${total - docs.length} more: raise limit or narrow path)` : '';
  return `${rows.join('\n')}${more}\n\n${freshnessLine(freshness)}`;
}

export function statusText(state: ProjectState, freshness: Freshness): string {
  const { store, monitor, hooks } = state;
  const monitorLine = !monitor.running
    ? 'not running'
    : !monitor.responding
      ? `running (pid ${monitor.pid}), not answering`
      : `${monitor.phase} (pid ${monitor.pid}, ${monitor.backend ?? '?'} backend, ${monitor.pending ?? 0} pending)${monitor.degraded === null ? '' : `, degraded: ${monitor.degraded}`}`;
  const hooksLine = hooks === null ? (state.hooksUnknown ?? 'unknown') : hooks.map((hook) => `${hook.name} ${hook.state}`).join(', ');
  return [
    `root:     ${state.root}`,
    `store:    ${store.exists ? `${store.sources} docs, ${store.memories} memories, ${store.storeBytes} bytes` : 'none yet'}`,
    `monitor:  ${monitorLine}`,
    `hooks:    ${hooksLine}`,
    `memories: ${state.mcp.memoriesDir}${state.mcp.memoriesIndexed ? '' : ' (not inside a docs folder: remember refuses)'}`,
    ...(state.mcp.configError === null ? [] : [`config:   ${state.mcp.configError}`]),
    freshnessLine(freshness),
  ].join('\n');
}

export function rememberText(memory: WrittenMemory, indexed: boolean, detail: string | undefined): string {
  return `Remembered "${memory.title}" in ${memory.path} (${memory.kind}${memory.tags.length > 0 ? `; tags: ${memory.tags.join(', ')}` : ''}): ${indexed ? 'searchable now' : detail ?? 'not indexed yet'}. Commit it with the code.`;
}
