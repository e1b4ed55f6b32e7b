import { z } from 'zod';
import { memoryKinds } from './remember-memory.js';

// Inputs are strict (an unknown argument is an error, not silently ignored). Outputs are what the answers
// hold, exactly: the SDK's client checks structuredContent against them.

const line = z.number().int().min(1);
const lineRange = z.array(z.number().int().min(0)).length(2).describe('[first, last] line, 1-based, inclusive');

export const freshnessSchema = z.object({
  fresh: z.boolean().describe('The store reflected every change made on disk before the call'),
  asOf: z.string().describe('When the call was made (ISO 8601): what "every change before" means'),
  via: z.enum(['monitor', 'sync', 'none']).describe('monitor: the running monitor applied them; sync: the server reconciled by itself; none: neither could'),
  detail: z.string().optional().describe('Why the answer is not fresh, or what could not be indexed'),
});

export const searchInput = z
  .object({
    query: z.string().min(1).describe('Words to look for (all first, else any); "a phrase" in quotes; -word excludes'),
    limit: z.number().int().min(1).max(100).optional().describe('At most this many hits (default 10)'),
    path: z.string().min(1).optional().describe('Only docs whose path matches this glob (runbooks/**, *.md, a folder)'),
    tag: z.string().min(1).optional().describe('Only docs whose front matter has this tag'),
  })
  .strict();

export const searchOutput = z.object({
  query: z.string(),
  words: z.array(z.string()),
  excluded: z.array(z.string()),
  fallback: z.boolean().describe('No memory had every word: these hits have some of them'),
  hits: z.array(
    z.object({
      path: z.string(),
      heading: z.string().describe('The heading path: doc title > section > sub-section'),
      lines: lineRange,
      snippet: z.string().describe('The text around the matches, which are between **'),
      score: z.number(),
      matched: z.array(z.string()),
    }),
  ),
  freshness: freshnessSchema,
});

export const getInput = z
  .object({
    path: z.string().min(1).describe('The doc: its path as search gives it (or relative to the docs folder)'),
    heading: z.string().min(1).optional().describe('Only this section (with its sub-sections): "Section" or "Title > Section"'),
    startLine: line.optional().describe('Only from this line (1-based)'),
    endLine: line.optional().describe('...to this line (inclusive; default: the last)'),
  })
  .strict();

export const getOutput = z.object({
  path: z.string(),
  uri: z.string(),
  title: z.string().nullable(),
  heading: z.string().describe('The heading path of the section (of the range\'s first line; the title for a whole doc)'),
  lines: lineRange,
  text: z.string().describe('The lines, as in the file (the text form numbers them)'),
  freshness: freshnessSchema,
});

export const listInput = z
  .object({
    path: z.string().min(1).optional().describe('Only docs whose path matches this glob'),
    limit: z.number().int().min(1).max(10_000).optional().describe('At most this many docs (default 500)'),
  })
  .strict();

export const listOutput = z.object({
  docs: z.array(
    z.object({
      path: z.string(),
      uri: z.string(),
      title: z.string().nullable(),
      tags: z.array(z.string()),
      size: z.number().int(),
      memories: z.number().int(),
      indexedAt: z.string(),
    }),
  ),
  total: z.number().int().describe('Docs matching, before the limit'),
  truncated: z.boolean(),
  freshness: freshnessSchema,
});

export const statusInput = z.object({}).strict();

const nullableString = z.string().nullable();
const nullableInt = z.number().int().nullable();

export const statusOutput = z.object({
  root: z.string(),
  targetPaths: z.array(z.string()),
  store: z.object({
    exists: z.boolean(),
    file: z.string(),
    sources: z.number().int(),
    memories: z.number().int(),
    storeBytes: z.number().int(),
    schemaVersion: z.number().int(),
  }),
  monitor: z.object({
    running: z.boolean(),
    responding: z.boolean(),
    pid: nullableInt,
    phase: nullableString,
    backend: nullableString,
    pending: nullableInt,
    inFlight: nullableInt,
    degraded: nullableString,
  }),
  hooks: z.array(z.object({ name: z.string(), state: z.string(), detail: nullableString })).nullable(),
  hooksUnknown: nullableString,
  mcp: z.object({
    memoriesDir: z.string(),
    memoriesIndexed: z.boolean(),
    freshnessMs: z.number().int(),
    startMonitor: z.boolean(),
    monitorLaunch: z.object({ state: z.enum(['idle', 'starting', 'started', 'failed']), at: nullableString, pid: nullableInt, detail: nullableString }),
    configError: nullableString,
  }),
  freshness: freshnessSchema,
});

export const rememberInput = z
  .object({
    title: z.string().min(1).max(200).describe('A short title: it names the file (date and slug) and heads the doc'),
    text: z.string().min(1).describe('The memory, in markdown'),
    tags: z.array(z.string().min(1).max(100)).max(32).optional().describe('Front matter tags (search can filter on one)'),
    kind: z.enum(memoryKinds).optional().describe('note (default), decision or lesson'),
  })
  .strict();

export const rememberOutput = z.object({
  path: z.string().describe('The new file, project-relative: commit it with the code'),
  uri: z.string(),
  title: z.string(),
  tags: z.array(z.string()),
  kind: z.enum(memoryKinds),
  created: z.string(),
  bytes: z.number().int(),
  indexed: z.boolean().describe('Searchable now (false: written, but not indexed within the wait)'),
  detail: z.string().optional(),
  freshness: freshnessSchema,
});
