import path from 'node:path';
import { readHookFile } from './hook-file.js';
import { hookLocation, type HookLocation } from './hook-location.js';
import { hookNames, type HookName } from './hook-names.js';
import { chainedSuffix } from './hook-stub.js';
import { pathExists } from '../paths/path-exists.js';

export interface HookStatus {
  name: HookName;
  /** installed: git runs heimdall's stub; bypassed: a stub exists where git does not run it; missing: neither. */
  state: 'installed' | 'missing' | 'bypassed';
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
  hooks: HookStatus[];
}

export async function hooksStatus(root: string): Promise<HooksStatusReport> {
  const location = await hookLocation(root);
  const hooks = hookNames.map((name): HookStatus => {
    const file = path.join(location.scriptDir, name);
    const chained = pathExists(`${file}${chainedSuffix}`) ? `${file}${chainedSuffix}` : null;
    const current = readHookFile(file);
    if (current.kind === 'heimdall') {
      if (location.kind === 'husky' && !pathExists(path.join(location.hooksDir, name))) {
        return { name, state: 'bypassed', path: file, chained, detail: `husky's wrapper ${path.join(location.hooksDir, name)} is missing (run \`npx husky\` to regenerate .husky/_)` };
      }
      if (location.kind !== 'husky' && !current.executable) {
        return { name, state: 'bypassed', path: file, chained, detail: `${file} is not executable: git skips it (\`heimdall hooks install\` fixes it)` };
      }
      return { name, state: 'installed', path: file, chained, detail: null };
    }
    for (const dir of location.otherDirs) {
      const other = path.join(dir, name);
      if (readHookFile(other).kind === 'heimdall') {
        const why = location.kind === 'git' ? 'git runs hooks from' : 'core.hooksPath makes git run hooks from';
        return { name, state: 'bypassed', path: other, chained, detail: `${why} ${location.hooksDir}, not ${dir} (run \`heimdall hooks install\`)` };
      }
    }
    return { name, state: 'missing', path: file, chained, detail: current.kind === 'absent' ? null : `${file} is another program's hook` };
  });
  return { mode: location.kind, hooksDir: location.hooksDir, scriptDir: location.scriptDir, hooks };
}
