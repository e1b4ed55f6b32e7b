import { findProjectRoot } from '../../config/project-root.js';
import { ExitCode } from '../../contract/exit-code.js';
import { hooksStatus } from '../../git/hooks-status.js';
import { installHooks } from '../../git/install-hooks.js';
import { uninstallHooks } from '../../git/uninstall-hooks.js';
import type { GlobalArgs } from '../context.js';
import { formatHooksReport, formatHooksStatus } from '../format-hooks.js';
import { printJson } from '../output.js';

/** `heimdall hooks install | uninstall | status [--json]`. */
export async function hooksMain(action: 'install' | 'uninstall' | 'status', args: GlobalArgs & { json?: boolean }): Promise<number> {
  const root = findProjectRoot(process.cwd(), args.projectRoot);
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
