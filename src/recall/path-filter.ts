import { createRequire } from 'node:module';
import type Picomatch from 'picomatch';

/**
 * `search --path GLOB`: keeps a memory whose doc's path matches any of the globs, written against the
 * project-relative path (`.heimdall/docs/runbooks/*.md`) or against the path inside its docs folder
 * (`runbooks/*.md`). A glob without a slash matches the file name (`payments.md`, `*.md`), and a folder
 * matches what is under it (`runbooks`).
 */
export function pathFilter(globs: readonly string[], targetPaths: readonly string[]): (path: string) => boolean {
  const picomatch = createRequire(import.meta.url)('picomatch') as typeof Picomatch;
  const clean = globs.map((glob) => glob.replace(/^\.\//, '').replace(/\/+$/, ''));
  // picomatch's `basename` option would apply to the globs with a slash too: two matchers.
  const names = clean.filter((glob) => !glob.includes('/'));
  const byName = names.length > 0 ? picomatch(names, { dot: true }) : () => false;
  const byPath = picomatch(clean.flatMap((glob) => [glob, `${glob}/**`]), { dot: true });
  const matches = (path: string) => byPath(path) || byName(path.slice(path.lastIndexOf('/') + 1));
  const prefixes = targetPaths.filter((target) => target !== '.').map((target) => `${target}/`);
  return (path) => matches(path) || prefixes.some((prefix) => path.startsWith(prefix) && matches(path.slice(prefix.length)));
}
