// The oracle: what the store must hold, computed from the disk alone and sharing no
// code with heimdall, so that a bug in heimdall's own walk or reader cannot hide itself.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import YAML from 'yaml';

const defaultExtensions = ['.md', '.markdown', '.mdown', '.mkd'];
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The docs scope of the project at `root` as its `.heimdall/config.yaml` says now (what the README
 * documents: `monitoring.target_path`, one path or a list; `monitoring.extensions`, with or without the dot).
 * The chaos run never sets `ignore_patterns` nor MONITORING_TARGET_PATH, so the oracle refuses them.
 */
export function docsScope(root: string): { targets: string[]; extensions: Set<string> } {
  const file = path.join(root, '.heimdall', 'config.yaml');
  const raw = existsSync(file) ? (YAML.parse(readFileSync(file, 'utf8')) ?? {}) : {};
  const monitoring = raw.monitoring ?? {};
  if ((monitoring.ignore_patterns ?? []).length > 0) throw new Error(`the oracle does not implement ignore_patterns (${file})`);
  const targets = monitoring.target_path === undefined || monitoring.target_path === null ? ['.heimdall/docs'] : [monitoring.target_path].flat();
  const extensions = (monitoring.extensions ?? defaultExtensions).map((ext: string) => (ext.startsWith('.') ? ext : `.${ext}`).toLowerCase());
  return { targets: targets.map((target: string) => path.posix.normalize(target).replace(/\/$/, '')), extensions: new Set(extensions) };
}

/**
 * { truth: Map path → sha1 of every readable, indexable docs file under the current scope,
 *   unreadable: Set of docs paths that exist but cannot be read (the store may keep their last memories) }.
 */
export interface DiskTruth {
  truth: Map<string, string>;
  unreadable: Set<string>;
}

export function docsOnDisk(root: string): DiskTruth {
  const { targets, extensions } = docsScope(root);
  const truth = new Map<string, string>();
  const unreadable = new Set<string>();
  const seenDirs = new Set<string>();
  const consider = (rel: string, abs: string) => {
    if (!extensions.has(path.extname(rel).toLowerCase())) return;
    const sha1 = indexableSha1(root, abs);
    if (sha1 === undefined) unreadable.add(rel);
    else if (sha1) truth.set(rel, sha1);
  };
  const visit = (rel: string) => {
    const abs = path.join(root, rel);
    let real;
    try {
      real = realpathSync(abs);
    } catch {
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries;
    try {
      entries = readdirSync(abs);
    } catch {
      return;
    }
    for (const name of entries) {
      if (name === 'node_modules' || name === '.git') continue;
      const childRel = `${rel}/${name}`;
      const childAbs = path.join(root, childRel);
      let stat;
      try {
        stat = statSync(childAbs);
      } catch {
        continue; // dangling link or loop: not indexable
      }
      if (stat.isDirectory()) visit(childRel);
      else if (stat.isFile()) consider(childRel, childAbs);
    }
  };
  for (const target of targets) {
    let stat;
    try {
      stat = statSync(path.join(root, target));
    } catch {
      continue; // a target folder that does not exist (yet) holds nothing
    }
    if (stat.isDirectory()) visit(target);
    else if (stat.isFile()) consider(target, path.join(root, target));
  }
  return { truth, unreadable };
}

// sha1, or null when the file is not indexable, or undefined when it cannot be read at all.
function indexableSha1(root: string, abs: string): string | null | undefined {
  let bytes;
  try {
    const real = realpathSync(abs);
    if (path.relative(root, real).startsWith('..')) return null;
    bytes = readFileSync(abs);
  } catch {
    return undefined;
  }
  try {
    if (bytes.includes(0)) return null;
    decoder.decode(bytes);
    // An empty or blank file is a doc with no memories: stored, with its sha1.
    return createHash('sha1').update(bytes).digest('hex');
  } catch {
    return null;
  }
}

/** Differences between the oracle and `heimdall sources --json`, as readable lines. */
export function compareWithStore({ truth, unreadable }: DiskTruth, sources: { path: string; sha1: string }[]): string[] {
  const stored = new Map(sources.map((s) => [s.path, s.sha1]));
  const lines: string[] = [];
  for (const [p, sha1] of truth) {
    if (!stored.has(p)) lines.push(`missing from the store: ${JSON.stringify(p)}`);
    else if (stored.get(p) !== sha1) lines.push(`stale in the store: ${JSON.stringify(p)} (disk ${sha1.slice(0, 10)}, store ${stored.get(p)!.slice(0, 10)})`);
  }
  for (const p of stored.keys()) if (!truth.has(p) && !unreadable.has(p)) lines.push(`in the store but no docs file on disk under the current config: ${JSON.stringify(p)}`);
  return lines;
}
