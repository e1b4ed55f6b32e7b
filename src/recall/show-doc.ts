import type { HeimdallConfig } from '../config/config-types.js';
import { readDoc } from '../load/read-doc.js';
import { outlineMarkdown, type DocOutline } from '../markdown/doc-outline.js';
import { sameHeading } from '../markdown/titled-path.js';
import { createDocsMatcher, type OutOfScope } from '../paths/docs-matcher.js';
import { pathExists } from '../paths/path-exists.js';
import { absoluteOf, resolveProjectPath } from '../paths/project-path.js';

/** What `show` was asked for: `PATH`, `PATH#Heading` (or `PATH#A > B`), `PATH:START-END` or `PATH:LINE`. */
export type ShowRef =
  | { path: string; part: 'doc' }
  | { path: string; part: 'heading'; heading: string }
  | { path: string; part: 'lines'; start: number; end: number };

export interface ShownText {
  kind: 'shown';
  /** Project-relative, as search reports it. */
  path: string;
  title: string | null;
  /** The heading path of the section shown, or of the one the range starts in; the title (or '') for a whole doc. */
  heading: string;
  lines: [number, number];
  text: string;
}

export type ShowResult =
  | ShownText
  | { kind: 'not-a-doc'; path: string; why: string }
  | { kind: 'no-such-heading'; path: string; heading: string; headings: string[] }
  | { kind: 'ambiguous-heading'; path: string; heading: string; headings: string[] }
  | { kind: 'lines-outside'; path: string; start: number; end: number; lineCount: number };

const outOfScope: Record<OutOfScope, string> = {
  'outside-target-paths': 'outside the docs folders, monitoring.target_path',
  ignored: 'ignored by monitoring.ignore_patterns',
  'not-a-docs-extension': 'not a docs extension, monitoring.extensions',
};

const range = /^(.*):(\d+)(?:-(\d+))?$/s;

/** Splits what was typed: a path that exists as typed is only a path (a file may be named `a#b.md`). */
export function parseShowRef(input: string, exists: (path: string) => boolean): ShowRef {
  if (exists(input)) return { path: input, part: 'doc' };
  const lines = range.exec(input);
  if (lines !== null) return { path: lines[1]!, part: 'lines', start: Number(lines[2]), end: Number(lines[3] ?? lines[2]) };
  const hash = input.indexOf('#');
  if (hash > 0) return { path: input.slice(0, hash), part: 'heading', heading: input.slice(hash + 1) };
  return { path: input, part: 'doc' };
}

/**
 * Reads a doc of the project from the disk (the truth, which the store follows), whole or one section or a
 * line range. The path is resolved as `load` resolves it and must be a docs file under the config.
 */
export function showDoc(config: HeimdallConfig, cwd: string, input: string): ShowResult {
  const root = config.root;
  const ref = parseShowRef(input, (typed) => {
    const resolved = resolveProjectPath(root, typed, cwd);
    return resolved.ok && pathExists(absoluteOf(root, resolved.rel));
  });
  const resolved = resolveProjectPath(root, ref.path, cwd);
  if (!resolved.ok) return { kind: 'not-a-doc', path: ref.path, why: `outside the project root ${root}` };
  const rel = resolved.rel;
  const whyNot = createDocsMatcher(config).whyNotDocs(rel);
  if (whyNot !== null) return { kind: 'not-a-doc', path: rel, why: outOfScope[whyNot] };
  const read = readDoc(root, absoluteOf(root, rel), config.load.maxFileBytes);
  if (read.kind === 'missing') return { kind: 'not-a-doc', path: rel, why: 'no such file' };
  if (read.kind === 'directory') return { kind: 'not-a-doc', path: rel, why: 'a directory' };
  if (read.kind === 'error') return { kind: 'not-a-doc', path: rel, why: read.error.message };
  const outline = outlineMarkdown(read.text);
  const shown = (heading: string, start: number, end: number): ShownText => ({
    kind: 'shown',
    path: rel,
    title: outline.title,
    heading,
    lines: [start, end],
    text: outline.lines.slice(start - 1, end).join('\n'),
  });
  switch (ref.part) {
    case 'doc':
      return shown(outline.title ?? '', 1, outline.lines.length);
    case 'lines': {
      const lineCount = outline.lines.length;
      if (ref.start < 1 || ref.end < ref.start || ref.end > lineCount) return { kind: 'lines-outside', path: rel, start: ref.start, end: ref.end, lineCount };
      return shown(headingAt(outline, ref.start), ref.start, ref.end);
    }
    case 'heading': {
      const wanted = ref.heading.split('>').map((part) => part.trim());
      const all = outline.sections.map((section) => section.path.join(' > '));
      const matches = outline.sections.filter((section) => endsWith(section.path, wanted));
      // `Guide > Setup` where `Setup` also names a deeper section: the full path decides.
      const exact = matches.filter((section) => section.path.length === wanted.length);
      const chosen = exact.length === 1 ? exact : matches;
      if (chosen.length === 0) return { kind: 'no-such-heading', path: rel, heading: ref.heading, headings: all };
      if (chosen.length > 1) return { kind: 'ambiguous-heading', path: rel, heading: ref.heading, headings: chosen.map((s) => s.path.join(' > ')) };
      const section = chosen[0]!;
      return shown(section.path.join(' > '), section.startLine, section.endLine);
    }
  }
}

function endsWith(path: string[], wanted: string[]): boolean {
  if (wanted.length > path.length) return false;
  const tail = path.slice(path.length - wanted.length);
  return tail.every((part, i) => sameHeading(part, wanted[i]!));
}

// The innermost section holding `line`, or the title for text before the first heading.
function headingAt(outline: DocOutline, line: number): string {
  let inner: { path: string[]; depth: number } | null = null;
  for (const section of outline.sections) {
    if (section.startLine <= line && line <= section.endLine && (inner === null || section.depth >= inner.depth)) inner = { path: section.path, depth: section.depth };
  }
  return inner?.path.join(' > ') ?? outline.title ?? '';
}
