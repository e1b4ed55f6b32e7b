import { realpathSync } from 'node:fs';
import path from 'node:path';

export type ProjectPath =
  | { ok: true; rel: string; abs: string }
  | { ok: false; abs: string };

/**
 * A file's one identity: its project-relative POSIX path, however it was spelled
 * (relative, absolute, `./x`, or through a symlink to the project or one of its
 * parents). A path lexically under the root keeps its own spelling, so a doc
 * inside a symlinked docs sub-folder is known by the name the walk sees; only a
 * path that is not lexically under the root has its existing ancestors resolved.
 * `root` must already be symlink-resolved. Whether the *content* lies outside the
 * root is checked when the file is read.
 */
export function resolveProjectPath(root: string, input: string, cwd: string = root): ProjectPath {
  const abs = path.resolve(cwd, input);
  const lexical = relativeInside(root, abs);
  if (lexical !== null) return { ok: true, rel: lexical, abs };
  const resolved = path.join(realpathOfLongestExistingAncestor(path.dirname(abs)), path.basename(abs));
  const rel = relativeInside(root, resolved);
  return rel === null ? { ok: false, abs } : { ok: true, rel, abs: resolved };
}

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

export function absoluteOf(root: string, rel: string): string {
  return rel === '.' ? root : path.join(root, ...rel.split('/'));
}

/** Project-relative POSIX path of `abs` ('.' for the root itself), or null when it is outside. */
export function relativeInside(root: string, abs: string): string | null {
  const rel = path.relative(root, abs);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return rel === '' ? '.' : toPosix(rel);
}

function realpathOfLongestExistingAncestor(dir: string): string {
  const missing: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      return path.join(realpathSync(current), ...missing.reverse());
    } catch {
      if (path.dirname(current) === current) return dir;
      missing.push(path.basename(current));
    }
  }
}
