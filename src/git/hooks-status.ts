import path from 'node:path';
import { readHookFile } from './hook-file.js';
import { hookLocation, type HookLocation } from './hook-location.js';
import { hookNames, type HookName } from './hook-names.js';
import { chainedSuffix } from './hook-stub.js';
import { isDirectory } from '../config/is-directory.js';
import { pathExists } from '../paths/path-exists.js';
import { messages } from '../errors/messages.js';
import { projectFolder, workingTreeProjects } from './working-tree-projects.js';

export interface HookStatus {
  name: HookName;
  /**
   * installed: git runs heimdall's stub, and it serves this project; skipped: it serves the
   * working tree's other projects, `hooks uninstall` took this one out; bypassed: a stub exists
   * where git does not run it; missing: neither.
   */
  state: 'installed' | 'missing' | 'bypassed' | 'skipped';
  /** heimdall's stub (installed, bypassed) or where it would go (missing). */
  path: string;
  /** The hook heimdall's stub runs first, if any. */
  chained: string | null;
  detail: string | null;
}

export interface HooksStatusReport {
  mode: HookLocation['kind'];
  hooksDir: string;
  scriptDir: string;
  /** This project's folder, relative to the working tree's top level ('.' for the top). */
  project: string;
  /** The projects of the working tree the stubs serve (none when git runs no stub of heimdall's). */
  projects: string[];
  hooks: HookStatus[];
}

export async function hooksStatus(root: string): Promise<HooksStatusReport> {
  const location = await hookLocation(root);
  const project = projectFolder(location.prefix);
  const { all, served, config } = await workingTreeProjects(location.topLevel);
  const skipped = config.skipped.includes(project);
  // A project the stubs cannot find (its `.heimdall/` is inside a folder git ignores) is not served.
  const unseen = !all.includes(project) && isDirectory(path.join(root, '.heimdall'));
  let live = false;
  const hooks = hookNames.map((name): HookStatus => {
    const file = path.join(location.scriptDir, name);
    const chained = pathExists(`${file}${chainedSuffix}`) ? `${file}${chainedSuffix}` : null;
    const current = readHookFile(file);
    if (current.kind === 'heimdall') {
      if (location.kind === 'husky' && !pathExists(path.join(location.hooksDir, name))) {
        return { name, state: 'bypassed', path: file, chained, detail: messages.hooks.huskyWrapperMissing(path.join(location.hooksDir, name)) };
      }
      if (location.kind !== 'husky' && !current.executable) {
        return { name, state: 'bypassed', path: file, chained, detail: messages.hooks.notExecutable(file) };
      }
      // git runs this stub (for other projects, at least).
      live = true;
      if (unseen) return { name, state: 'bypassed', path: file, chained, detail: messages.hooks.unseen(project) };
      if (skipped) return { name, state: 'skipped', path: file, chained, detail: messages.hooks.skipped(project, served) };
      return { name, state: 'installed', path: file, chained, detail: null };
    }
    for (const dir of location.otherDirs) {
      const other = path.join(dir, name);
      if (readHookFile(other).kind === 'heimdall') {
        return { name, state: 'bypassed', path: other, chained, detail: messages.hooks.elsewhere(location.kind === 'git', location.hooksDir, dir) };
      }
    }
    return { name, state: 'missing', path: file, chained, detail: current.kind === 'absent' ? null : messages.hooks.foreign(file) };
  });
  return { mode: location.kind, hooksDir: location.hooksDir, scriptDir: location.scriptDir, project, projects: live ? served : [], hooks };
}
