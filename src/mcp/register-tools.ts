import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { z } from 'zod';
import { defaultSearchLimit } from '../contract/search-defaults.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { parseQuery } from '../recall/parse-query.js';
import { pathFilter } from '../recall/path-filter.js';
import { searchMemories, type RecallResult } from '../recall/search-memories.js';
import { answer, docPartText, listText, searchText, statusText } from './format-answers.js';
import { docUri, type McpContext } from './mcp-context.js';
import { projectState } from './project-state.js';
import { readDocPart } from './read-doc-part.js';
import { rememberTool } from './remember-tool.js';
import { getInput, getOutput, listInput, listOutput, rememberInput, rememberOutput, searchInput, searchOutput, statusInput, statusOutput } from './tool-schemas.js';

const readOnly = { readOnlyHint: true, openWorldHint: false } as const;

export function registerTools(server: McpServer, context: McpContext): void {
  const counted =
    <A, R>(handler: (args: A) => Promise<R>) =>
    async (args: A): Promise<R> => {
      try {
        return await handler(args);
      } finally {
        context.collector.count();
      }
    };
  server.registerTool(
    'search',
    {
      title: 'Search the project docs',
      description: 'BM25-ranked sections of the project\'s docs for the words: path, heading path, line range, a snippet with the matches in **bold**. Fresh: every change made on disk before the call is searched.',
      inputSchema: searchInput,
      outputSchema: searchOutput,
      annotations: readOnly,
    },
    counted(async (args: z.infer<typeof searchInput>) => {
      const freshness = await context.freshness.ensure();
      const config = context.config();
      const limit = args.limit ?? defaultSearchLimit;
      const options = { limit, paths: args.path === undefined ? undefined : [args.path], tags: args.tag === undefined ? undefined : [args.tag], targetPaths: config.monitoring.targetPaths };
      const found = (await context.reader.read((store) => searchMemories(store, args.query, options))) ?? nothingStored(args.query);
      if (found.kind === 'only-exclusions') throw new HeimdallError('usage', messages.usage.onlyExclusions(found.excluded));
      const structured = { query: args.query, words: found.words, excluded: found.excluded, fallback: found.fallback, hits: found.hits, freshness };
      return answer(structured, searchText(args.query, found.hits, found.fallback, found.words, freshness));
    }),
  );

  server.registerTool(
    'get',
    {
      title: 'Read a doc, a section or lines',
      description: 'The text of a doc of the project, with line numbers and its heading path: the whole doc, one section (heading, with its sub-sections) or a line range. Use a path from search.',
      inputSchema: getInput,
      outputSchema: getOutput,
      annotations: readOnly,
    },
    counted(async (args: z.infer<typeof getInput>) => {
      const freshness = await context.freshness.ensure();
      const part = readDocPart(context.config(), args);
      return answer({ ...part, uri: docUri(part.path), freshness }, docPartText(part, freshness));
    }),
  );

  server.registerTool(
    'list',
    {
      title: 'List the indexed docs',
      description: 'The docs in the store (optionally only those matching a path glob): path, title, tags, size, memory count, when indexed.',
      inputSchema: listInput,
      outputSchema: listOutput,
      annotations: readOnly,
    },
    counted(async (args: z.infer<typeof listInput>) => {
      const freshness = await context.freshness.ensure();
      const config = context.config();
      const keep = args.path === undefined ? () => true : pathFilter([args.path], config.monitoring.targetPaths);
      const rows = ((await context.reader.read((store) => store.docs())) ?? []).filter((row) => keep(row.path));
      const shown = rows.slice(0, args.limit ?? 500);
      const docs = shown.map((row) => ({ path: row.path, uri: docUri(row.path), title: row.title, tags: row.tags, size: row.size, memories: row.memories, indexedAt: new Date(row.indexedAtMs).toISOString() }));
      return answer({ docs, total: rows.length, truncated: shown.length < rows.length, freshness }, listText(shown, rows.length, freshness));
    }),
  );

  server.registerTool(
    'status',
    {
      title: 'How the memory stands',
      description: 'Store counts, the monitor (running, backend, pending changes), the git hooks, the server\'s settings and whether answers are fresh.',
      inputSchema: statusInput,
      outputSchema: statusOutput,
      annotations: readOnly,
    },
    counted(async () => {
      const freshness = await context.freshness.ensure();
      const state = await projectState(context.config(), context.reader, { launch: context.freshness.launch, configError: context.configError() });
      const launch = state.mcp.monitorLaunch;
      const monitorLaunch = {
        state: launch.state,
        at: launch.state === 'started' || launch.state === 'failed' ? launch.at : launch.state === 'starting' ? launch.since : null,
        pid: launch.state === 'started' ? launch.pid : null,
        detail: launch.state === 'failed' ? launch.detail : null,
      };
      return answer({ ...state, mcp: { ...state.mcp, monitorLaunch }, freshness }, statusText(state, freshness));
    }),
  );

  server.registerTool(
    'remember',
    {
      title: 'Remember a note, decision or lesson',
      description: 'Writes a new markdown doc (front matter: title, tags, kind, created) under the project\'s memories folder, to be committed with the code; returns once search finds it.',
      inputSchema: rememberInput,
      outputSchema: rememberOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    counted(async (args: z.infer<typeof rememberInput>) => rememberTool(context, args)),
  );
}

/** What search finds before anything was ever indexed: nothing, with the query read as search reads it. */
function nothingStored(query: string): RecallResult {
  const parsed = parseQuery(query);
  const words = parsed.terms.map((term) => term.text);
  const excluded = parsed.excluded.map((term) => term.text);
  return words.length === 0 && excluded.length > 0 ? { kind: 'only-exclusions', excluded } : { kind: 'hits', words, excluded, fallback: false, hits: [] };
}
