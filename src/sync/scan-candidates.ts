import { lstatSync, statSync, type Stats } from 'node:fs';
import type { HeimdallConfig } from '../config/config-types.js';
import { systemErrorCode } from '../errors/heimdall-error.js';
import { createDocsMatcher } from '../paths/docs-matcher.js';
import { absoluteOf } from '../paths/project-path.js';
import { walkDocs } from '../paths/walk-docs.js';
import { racyWindowMs, statUnchanged, type StoredStat } from '../store/read-sources.js';
import type { SyncCandidate } from './sync-candidate.js';

export interface UnreadableDir {
  path: string;
  code: string;
  /** Stored files under it, kept as they are. */
  kept: number;
}

export interface ScanResult {
  candidates: SyncCandidate[];
  /** Docs files on disk. */
  scanned: number;
  /** Files the fast path skipped without reading. */
  skipped: number;
  unreadable: UnreadableDir[];
}

/**
 * A full reconcile of the target paths against the store, without reading any file:
 * docs whose size, mtime, ctime and inode match the store (and were not racily clean) are skipped;
 * the rest go to `load`, which hashes them. Stored files that are gone are removed,
 * unless they sit under a directory that could not be read: those are kept. Stored
 * files the config no longer calls docs (a target path, an extension dropped, a new
 * ignore) go to `load`, which removes them with the reason, whatever the disk holds.
 */
export function scanCandidates(config: HeimdallConfig, stored: Map<string, StoredStat>, options: { fastPath: boolean }): ScanResult {
  const root = config.root;
  const matcher = createDocsMatcher(config);
  const targets = config.monitoring.targetPaths;
  const walk = walkDocs(root, matcher, targets);
  const candidates: SyncCandidate[] = [];
  let skipped = 0;

  for (const file of walk.files) {
    const known = stored.get(file);
    if (known === undefined) {
      candidates.push({ path: file, deleted: false, reason: 'new' });
      continue;
    }
    if (!options.fastPath) {
      candidates.push({ path: file, deleted: false, reason: 'unverified' });
      continue;
    }
    let stat: Stats;
    try {
      stat = statSync(absoluteOf(root, file));
    } catch {
      // Gone or unreadable since the walk: load looks again and reports it, and never deletes on a read error.
      candidates.push({ path: file, deleted: false, reason: 'modified' });
      continue;
    }
    if (!statUnchanged(known, stat)) candidates.push({ path: file, deleted: false, reason: 'modified' });
    else if (stat.mtimeMs >= known.indexedAtMs - racyWindowMs) candidates.push({ path: file, deleted: false, reason: 'racy' });
    else skipped++;
  }

  const onDisk = new Set(walk.files);
  const unreadable: UnreadableDir[] = walk.unreadable.map((dir) => ({ ...dir, kept: 0 }));
  for (const path of stored.keys()) {
    if (onDisk.has(path)) continue;
    // Out of scope is a fact of the config alone: no need to read the disk (which may be unreadable there).
    if (!matcher.isDocs(path)) {
      candidates.push({ path, deleted: false, reason: 'out-of-scope' });
      continue;
    }
    const blocked = unreadable.find((dir) => dir.path === '.' || path === dir.path || path.startsWith(`${dir.path}/`));
    if (blocked !== undefined) {
      blocked.kept++;
      continue;
    }
    const state = pathState(absoluteOf(root, path));
    if (state === 'missing') candidates.push({ path, deleted: true, reason: 'deleted' });
    // A docs path still there that the walk did not find (reached through another symlinked name, or
    // created since): load decides, against the disk.
    else if (state === 'present') candidates.push({ path, deleted: false, reason: 'unwalked' });
    else unreadable.push({ path, code: state.code, kept: 1 });
  }
  return { candidates, scanned: walk.files.length, skipped, unreadable };
}

function pathState(abs: string): 'missing' | 'present' | { code: string } {
  try {
    lstatSync(abs);
    return 'present';
  } catch (error) {
    const code = systemErrorCode(error) ?? 'EIO';
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : { code };
  }
}
