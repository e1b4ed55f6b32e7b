import { renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { readHookFile } from './hook-file.js';
import { hookLocation } from './hook-location.js';
import { hookNames } from './hook-names.js';
import { chainedSuffix } from './hook-stub.js';
import { forgetHooksConfig, skipProject } from './hooks-config.js';
import type { HookAction, HooksReport } from './install-hooks.js';
import { projectFolder, workingTreeProjects } from './working-tree-projects.js';
import { isDirectory } from '../config/is-directory.js';
import { pathExists } from '../paths/path-exists.js';

/**
 * `heimdall hooks uninstall`. While other heimdall projects of the working tree still use the
 * stubs, it only takes this project out (`heimdall.hooksSkip` in .git/config): the stubs stay
 * (`kept`). The last project out (or an uninstall from a folder that is no project, such as
 * the top of a monorepo) removes heimdall's stubs, from where git runs hooks and from the
 * places an earlier install may have left them, puts each chained hook back exactly as it
 * was (renamed back: same bytes, same mode), and clears heimdall's keys from git's config.
 * A hook that is not heimdall's is never touched.
 */
export async function uninstallHooks(root: string): Promise<HooksReport> {
  const location = await hookLocation(root);
  const project = projectFolder(location.prefix);
  const projects = await workingTreeProjects(location.topLevel);
  const others = projects.served.filter((other) => other !== project);
  const stubs = hookNames.map((name) => path.join(location.scriptDir, name));
  const report = { mode: location.kind, hooksDir: location.hooksDir, scriptDir: location.scriptDir, project };
  const chainedOf = (file: string) => (pathExists(`${file}${chainedSuffix}`) ? `${file}${chainedSuffix}` : null);

  if (others.length > 0 && isDirectory(path.join(root, '.heimdall')) && stubs.some((file) => readHookFile(file).kind === 'heimdall')) {
    await skipProject(root, projects.config, project);
    const hooks = hookNames.map((name, i) => {
      const file = stubs[i]!;
      const action: HookAction = readHookFile(file).kind === 'heimdall' ? 'kept' : 'absent';
      return { name, path: file, action, chained: chainedOf(file) };
    });
    return { ...report, projects: others, hooks };
  }

  const hooks: HooksReport['hooks'] = [];
  for (const name of hookNames) {
    let action: HookAction = 'absent';
    for (const dir of [location.scriptDir, ...location.otherDirs]) {
      const file = path.join(dir, name);
      const backup = `${file}${chainedSuffix}`;
      if (readHookFile(file).kind !== 'heimdall') continue;
      const here: HookAction = pathExists(backup) ? 'restored' : 'removed';
      if (here === 'restored') renameSync(backup, file);
      else unlinkSync(file);
      if (dir === location.scriptDir || action === 'absent') action = here;
    }
    const file = path.join(location.scriptDir, name);
    hooks.push({ name, path: file, action, chained: chainedOf(file) });
  }
  await forgetHooksConfig(root, projects.config);
  return { ...report, projects: [], hooks };
}
