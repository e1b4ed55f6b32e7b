import type { HeimdallConfig } from '../config/config-types.js';
import { diffNameStatus } from '../git/diff-name-status.js';
import { literalPathspecs } from '../git/git-pathspecs.js';
import { untrackedFiles } from '../git/untracked-files.js';
import { createDocsMatcher } from '../paths/docs-matcher.js';
import { absoluteOf } from '../paths/project-path.js';
import type { SyncCandidate } from './sync-candidate.js';
import { pathExists } from '../paths/path-exists.js';

export interface DiffRange {
  from: string;
  /** null: the working tree (committed and uncommitted changes). */
  to: string | null;
  /** Also the untracked files git does not ignore. */
  untracked: boolean;
}

/**
 * The docs files git says differ in `range`, as candidates. A rename becomes a removal
 * and an addition (the store then moves the memories instead of re-parsing). A path git
 * calls deleted that exists on disk now goes to load instead: disk is the truth.
 * Runs git from the project root, so paths are project-relative even when the project
 * is a sub-folder of the repository.
 */
export async function sinceCandidates(config: HeimdallConfig, range: DiffRange): Promise<SyncCandidate[]> {
  const root = config.root;
  const matcher = createDocsMatcher(config);
  const pathspecs = literalPathspecs(config.monitoring.targetPaths);
  const found = new Map<string, SyncCandidate>();
  const add = (candidate: SyncCandidate) => {
    if (!matcher.isDocs(candidate.path)) return;
    const previous = found.get(candidate.path);
    // Named both gone and present (a swap of two names): present wins, load reconciles against the disk.
    if (previous !== undefined && !previous.deleted) return;
    found.set(candidate.path, candidate);
  };

  for (const entry of await diffNameStatus(root, range.from, range.to, pathspecs)) {
    switch (entry.status) {
      case 'renamed':
        add({ path: entry.from, deleted: true, reason: 'renamed-from' });
        add({ path: entry.path, deleted: false, reason: 'renamed-to' });
        break;
      case 'copied':
        add({ path: entry.path, deleted: false, reason: 'added' });
        break;
      case 'deleted':
        add({ path: entry.path, deleted: true, reason: 'deleted' });
        break;
      case 'added':
        add({ path: entry.path, deleted: false, reason: 'added' });
        break;
      default:
        add({ path: entry.path, deleted: false, reason: 'changed' });
    }
  }
  if (range.untracked) {
    for (const path of await untrackedFiles(root, pathspecs)) add({ path, deleted: false, reason: 'untracked' });
  }
  return [...found.values()].map((candidate) =>
    candidate.deleted && pathExists(absoluteOf(root, candidate.path)) ? { ...candidate, deleted: false } : candidate,
  );
}

/** Whether the project's own `.heimdall/config.yaml` differs in `range` (and so, possibly, the docs scope). */
export async function configChangedIn(root: string, range: DiffRange): Promise<boolean> {
  return (await diffNameStatus(root, range.from, range.to, [':(literal).heimdall/config.yaml'])).length > 0;
}
