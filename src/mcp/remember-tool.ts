import type { z } from 'zod';
import { messages } from '../errors/messages.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Freshness } from './freshness.js';
import { answer, rememberText } from './format-answers.js';
import { docUri, type McpContext } from './mcp-context.js';
import { writeMemory } from './remember-memory.js';
import type { rememberInput } from './tool-schemas.js';

// How long `remember` waits for its file to be searchable; past it, the file stays and the answer says so.
const indexWaitMs = 30_000;

/** `remember`: the file is written, then indexed by the normal pipeline (the monitor, else the server's sync); the answer comes once search finds it. */
export async function rememberTool(context: McpContext, args: z.infer<typeof rememberInput>) {
  const memory = writeMemory(context.config(), args);
  const waitMs = Math.max(indexWaitMs, context.config().mcp.freshnessMs);
  const deadline = Date.now() + waitMs;
  let freshness: Freshness;
  let indexed = false;
  for (;;) {
    freshness = await context.freshness.ensure();
    indexed = (await context.reader.read(async (store) => (await store.liveSource(memory.path))?.sha1 === memory.sha1)) === true;
    if (indexed || Date.now() >= deadline) break;
    await sleep(50);
  }
  const detail = indexed ? undefined : messages.mcp.memoryNotIndexed(Math.round(waitMs / 1000), freshness.detail ?? 'not indexed yet');
  const { sha1: _sha1, ...shown } = memory;
  const structured = { ...shown, uri: docUri(memory.path), indexed, ...(detail === undefined ? {} : { detail }), freshness };
  return answer(structured, rememberText(memory, indexed, detail));
}
