import { renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { readHookFile } from './hook-file.js';
import { hookLocation } from './hook-location.js';
import { hookNames } from './hook-names.js';
import { chainedSuffix } from './hook-stub.js';
import type { HookAction, HooksReport } from './install-hooks.js';
import { pathExists } from '../paths/path-exists.js';

/**
 * `heimdall hooks uninstall`: removes heimdall's stubs, from where git runs hooks and from
 * the places an earlier install may have left them, and puts each chained hook back
 * exactly as it was (renamed back: same bytes, same mode). A hook that is not heimdall's
 * is never touched.
 */
export async function uninstallHooks(root: string): Promise<HooksReport> {
  const location = await hookLocation(root);
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
    const backup = `${file}${chainedSuffix}`;
    hooks.push({ name, path: file, action, chained: pathExists(backup) ? backup : null });
  }
  return { mode: location.kind, hooksDir: location.hooksDir, scriptDir: location.scriptDir, hooks };
}
