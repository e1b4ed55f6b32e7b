import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HeimdallConfig } from '../config/config-types.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { showDoc, type ShownText } from '../recall/show-doc.js';
import { createDocsMatcher } from '../paths/docs-matcher.js';
import { resolveProjectPath } from '../paths/project-path.js';

export interface DocPartRequest {
  /** Project-relative (as search hits give it), absolute inside the project, or relative to a docs folder. */
  path: string;
  /** `Section`, or a tail of its heading path: `Operations > Watchman clocks`. */
  heading?: string | undefined;
  startLine?: number | undefined;
  endLine?: number | undefined;
}

export type DocPart = Omit<ShownText, 'kind'>;

const bad = (message: string) => new HeimdallError('not-found', message);

// What `show`'s reference syntax cannot say: a heading ending in `:N` reads as a line range, a `#` in the path
// as the start of a heading.
const looksLikeLines = /:\d+(?:-\d+)?$/;

/**
 * `get`: an adapter over `heimdall show`'s domain module (src/recall/show-doc.ts), which reads the doc from the
 * disk and picks the section or lines, with the same errors as `show`. It takes a typed reference
 * (`PATH#Heading`, `PATH:START-END`), so the structured arguments are spelled as one here; a path relative to
 * a docs folder (`ops.md`) is completed first, as `search --path` reads a glob.
 */
export function readDocPart(config: HeimdallConfig, request: DocPartRequest): DocPart {
  const { heading, startLine, endLine } = request;
  if (heading !== undefined && (startLine !== undefined || endLine !== undefined)) throw new HeimdallError('usage', messages.mcp.headingAndLines);
  if (endLine !== undefined && startLine === undefined) throw new HeimdallError('usage', messages.mcp.endWithoutStart);
  const rel = docPath(config, request.path);
  let ref = rel;
  if (heading !== undefined) {
    if (rel.includes('#') || looksLikeLines.test(heading)) throw bad(messages.mcp.headingNotSayable(rel, heading));
    ref = `${rel}#${heading}`;
  } else if (startLine !== undefined) {
    ref = `${rel}:${startLine}-${endLine ?? Number.MAX_SAFE_INTEGER}`;
  }
  const result = showDoc(config, config.root, ref);
  switch (result.kind) {
    case 'shown': {
      const { kind: _kind, ...part } = result;
      return part;
    }
    case 'not-a-doc':
      throw bad(messages.show.notADoc(result.path, result.why));
    case 'no-such-heading':
      throw bad(messages.show.noSuchHeading(result.path, result.heading, result.headings));
    case 'ambiguous-heading':
      throw bad(messages.show.ambiguousHeading(result.path, result.heading, result.headings));
    case 'lines-outside':
      // Without endLine: from startLine to the end, which is outside only when startLine is.
      if (endLine === undefined && result.start <= result.lineCount) return readDocPart(config, { path: rel, startLine: result.start, endLine: result.lineCount });
      throw bad(messages.show.linesOutside(result.path, result.start, endLine ?? result.start, result.lineCount));
  }
}

/** The doc's project-relative path: as given, or under a docs folder when only that names an existing doc. */
function docPath(config: HeimdallConfig, input: string): string {
  const given = resolveProjectPath(config.root, input);
  if (!given.ok) return input;
  if (path.isAbsolute(input) || existsSync(given.abs)) return given.rel;
  const matcher = createDocsMatcher(config);
  for (const target of config.monitoring.targetPaths) {
    const inside = resolveProjectPath(config.root, path.join(target, input));
    if (inside.ok && inside.rel.startsWith(`${target}/`) && matcher.isDocs(inside.rel) && existsSync(inside.abs)) return inside.rel;
  }
  return given.rel;
}
