import path from 'node:path';
import { execGit, splitNul } from './exec-git.js';
import { readHooksConfig, type HooksConfig } from './hooks-config.js';
import { isDirectory } from '../config/is-directory.js';

export interface WorkingTreeProjects {
  /** Every heimdall project of the working tree: folders relative to its top level ('.' for the top), sorted. */
  all: string[];
  /** What the hooks serve: all but the projects `hooks uninstall` took out. */
  served: string[];
  config: HooksConfig;
}

/** A project's folder as the hooks name it: relative to the top level, '.' for the top itself. */
export const projectFolder = (prefix: string): string => (prefix === '' ? '.' : prefix);

/**
 * The heimdall projects of a working tree: every folder holding a `.heimdall/` directory that
 * git sees, i.e. not inside an ignored folder (node_modules, build output). Tracked and
 * untracked files find the usual project; the second listing finds a `.heimdall/` that is
 * ignored as a whole, or holds only its ignored runtime files (a branch where the project's
 * docs do not exist: its store must follow the disk there too). The top level's own
 * `.heimdall/` always counts, as it did when the stubs served one project.
 */
export async function workingTreeProjects(topLevel: string): Promise<WorkingTreeProjects> {
  const [visible, ignored, config] = await Promise.all([
    execGit(topLevel, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ':(glob)**/.heimdall/**']),
    execGit(topLevel, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory', '--', ':(glob)**/.heimdall', ':(glob)**/.heimdall/**']),
    readHooksConfig(topLevel),
  ]);
  const found = new Set<string>();
  for (const entry of [...splitNul(visible.stdout), ...splitNul(ignored.stdout)]) {
    const segments = entry.split('/');
    const at = segments.indexOf('.heimdall');
    // `.heimdall` as the last segment of a file name (no trailing slash) is a file, not the folder.
    if (at >= 0 && at < segments.length - 1) found.add(at === 0 ? '.' : segments.slice(0, at).join('/'));
  }
  found.add('.');
  // The index may list files that are not on disk (sparse checkouts, deletions not committed yet).
  const all = [...found].filter((project) => isDirectory(path.join(topLevel, project, '.heimdall'))).sort();
  return { all, served: all.filter((project) => !config.skipped.includes(project)), config };
}
