import type { GlobalArgs } from '../cli/context.js';
import { ExitCode } from '../cli/exit-codes.js';
import { printJson } from '../cli/output.js';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { readHookFile } from './hook-file.js';
import { hookLocation } from './hook-location.js';
import { hookNames } from './hook-names.js';
import { findProjectRoot, locateProject } from '../config/project-root.js';
import { messages } from '../errors/messages.js';
import { hooksStatus, type HooksStatusReport } from './hooks-status.js';
import { installHooks, type HooksReport } from './install-hooks.js';
import { uninstallHooks } from './uninstall-hooks.js';

/** `heimdall hooks install | uninstall | status [--json]`. */
export async function hooksMain(action: 'install' | 'uninstall' | 'status', args: GlobalArgs & { json?: boolean }): Promise<number> {
  const root = await rootFor(action, args.projectRoot);
  if (action === 'status') {
    const status = await hooksStatus(root);
    if (args.json) printJson(status);
    else process.stdout.write(formatStatus(status));
    return ExitCode.ok;
  }
  const report = action === 'install' ? await installHooks(root) : await uninstallHooks(root);
  if (args.json) printJson(report);
  else process.stdout.write(formatReport(report));
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

function where(report: { mode: string; hooksDir: string; scriptDir: string }): string {
  if (report.mode === 'husky') return `husky 9: git runs ${report.hooksDir}, whose wrappers run the scripts in ${report.scriptDir}`;
  if (report.mode === 'hooks-path') return `core.hooksPath: ${report.hooksDir}`;
  return `git hooks directory: ${report.hooksDir}`;
}

// One project at the top level is the common case, and needs no list.
const servedLine = ({ projects }: { projects: string[] }): string[] =>
  projects.length === 0 || (projects.length === 1 && projects[0] === '.') ? [] : [`  ${messages.hooks.served(projects)}`];

function formatReport(report: HooksReport): string {
  const lines = [where(report)];
  if (report.hooks.some((hook) => hook.action === 'kept')) lines.push(`  ${messages.hooks.kept(report.project, report.projects)}`);
  else lines.push(...servedLine(report));
  for (const hook of report.hooks) {
    const chained = hook.chained === null ? '' : ` (runs ${hook.chained} first)`;
    lines.push(`  ${hook.name.padEnd(14)} ${hook.action.padEnd(9)} ${hook.path}${chained}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatStatus(report: HooksStatusReport): string {
  const lines = [where(report), ...servedLine(report)];
  for (const hook of report.hooks) {
    const chained = hook.chained === null ? '' : ` (runs ${hook.chained} first)`;
    lines.push(`  ${hook.name.padEnd(14)} ${hook.state.padEnd(9)} ${hook.path}${chained}`);
    if (hook.detail !== null) lines.push(`  ${''.padEnd(14)} ${hook.detail}`);
  }
  return `${lines.join('\n')}\n`;
}
