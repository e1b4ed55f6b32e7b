import { realpathSync } from 'node:fs';
import path from 'node:path';
import { findProjectRoot, locateProject } from '../../config/project-root.js';
import { ExitCode } from '../../contract/exit-code.js';
import { readHookFile } from '../../git/hook-file.js';
import { hookLocation } from '../../git/hook-location.js';
import { hookNames } from '../../git/hook-names.js';
import { hooksStatus } from '../../git/hooks-status.js';
import { installHooks } from '../../git/install-hooks.js';
import { uninstallHooks } from '../../git/uninstall-hooks.js';
import type { GlobalArgs } from '../context.js';
import { formatHooksReport, formatHooksStatus } from '../format-hooks.js';
import { printJson } from '../output.js';

/** `heimdall hooks install | uninstall | status [--json]`. */
export async function hooksMain(action: 'install' | 'uninstall' | 'status', args: GlobalArgs & { json?: boolean }): Promise<number> {
  const root = await rootFor(action, args.projectRoot);
  if (action === 'status') {
    const status = await hooksStatus(root);
    if (args.json) printJson(status);
    else process.stdout.write(formatHooksStatus(status));
    return ExitCode.ok;
  }
  const report = action === 'install' ? await installHooks(root) : await uninstallHooks(root);
  if (args.json) printJson(report);
  else process.stdout.write(formatHooksReport(report));
  return ExitCode.ok;
}

/**
 * The project the command is about. Uninstall also works where no project is, as long as
 * heimdall's stubs are installed there (the top of a monorepo, a project whose .heimdall/ is
 * gone): from there it removes them for every project, the only way left to clean up.
 */
async function rootFor(action: 'install' | 'uninstall' | 'status', projectRoot: string | undefined): Promise<string> {
  const cwd = process.cwd();
  if (action !== 'uninstall' || projectRoot !== undefined || locateProject(cwd) !== null) return findProjectRoot(cwd, projectRoot);
  const here = realpathSync(cwd);
  if (!(await stubsInstalled(here))) return findProjectRoot(cwd);
  return here;
}

async function stubsInstalled(dir: string): Promise<boolean> {
  try {
    const location = await hookLocation(dir);
    return hookNames.some((name) => readHookFile(path.join(location.scriptDir, name)).kind === 'heimdall');
  } catch {
    return false;
  }
}
