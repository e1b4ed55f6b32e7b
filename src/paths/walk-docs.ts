import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { systemErrorCode } from '../errors/heimdall-error.js';
import type { DocsMatcher } from './docs-matcher.js';
import { absoluteOf } from './project-path.js';

export interface DocsWalk {
  /** Project-relative POSIX paths of the docs files found, sorted. */
  files: string[];
  /** Directories that could not be read: what was stored under them must be kept, not removed. */
  unreadable: Array<{ path: string; code: string }>;
}

/**
 * Every docs file under `starts` (project-relative: the target paths for a full sync, the
 * directories `load` was given). Symlinked directories are followed (the seed skipped them),
 * each real directory once, so a link loop ends. A missing start is simply empty; a start that
 * is a file counts if it is a docs file.
 */
export function walkDocs(root: string, matcher: DocsMatcher, starts: string[]): DocsWalk {
  const files = new Set<string>();
  const unreadable: DocsWalk['unreadable'] = [];
  const seen = new Set<string>();

  const visit = (rel: string): void => {
    const abs = absoluteOf(root, rel);
    let real: string;
    try {
      real = realpathSync(abs);
    } catch (error) {
      const code = systemErrorCode(error) ?? 'EIO';
      if (code !== 'ENOENT') unreadable.push({ path: rel, code });
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (error) {
      const code = systemErrorCode(error) ?? 'EIO';
      if (code !== 'ENOENT') unreadable.push({ path: rel, code });
      return;
    }
    for (const entry of entries) {
      const child = rel === '.' ? entry.name : `${rel}/${entry.name}`;
      if (matcher.isIgnored(child)) continue;
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDir = statSync(absoluteOf(root, child)).isDirectory();
        } catch {
          isDir = false; // a dangling link: load reports it if it looks like a doc
        }
      }
      if (isDir) visit(child);
      else if (matcher.isDocs(child)) files.add(child);
    }
  };

  for (const start of starts) {
    let isDir: boolean;
    try {
      isDir = statSync(absoluteOf(root, start)).isDirectory();
    } catch (error) {
      const code = systemErrorCode(error) ?? 'EIO';
      if (code !== 'ENOENT') unreadable.push({ path: start, code });
      continue;
    }
    if (isDir) visit(start);
    else if (matcher.isDocs(start)) files.add(start);
  }
  return { files: [...files].sort(), unreadable };
}
