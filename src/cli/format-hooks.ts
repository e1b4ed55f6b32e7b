import { messages } from '../errors/messages.js';
import type { HooksStatusReport } from '../git/hooks-status.js';
import type { HooksReport } from '../git/install-hooks.js';

function where(report: { mode: string; hooksDir: string; scriptDir: string }): string {
  if (report.mode === 'husky') return `husky 9: git runs ${report.hooksDir}, whose wrappers run the scripts in ${report.scriptDir}`;
  if (report.mode === 'hooks-path') return `core.hooksPath: ${report.hooksDir}`;
  return `git hooks directory: ${report.hooksDir}`;
}

// One project at the top level is the common case, and needs no list.
const servedLine = ({ projects }: { projects: string[] }): string[] =>
  projects.length === 0 || (projects.length === 1 && projects[0] === '.') ? [] : [`  ${messages.hooks.served(projects)}`];

/** `hooks install` and `hooks uninstall` for people: where, then what was done to each hook. */
export function formatHooksReport(report: HooksReport): string {
  const lines = [where(report)];
  if (report.hooks.some((hook) => hook.action === 'kept')) lines.push(`  ${messages.hooks.kept(report.project, report.projects)}`);
  else lines.push(...servedLine(report));
  for (const hook of report.hooks) {
    const chained = hook.chained === null ? '' : ` (runs ${hook.chained} first)`;
    lines.push(`  ${hook.name.padEnd(14)} ${hook.action.padEnd(9)} ${hook.path}${chained}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `hooks status` for people: where, then each hook's state and what is wrong with it. */
export function formatHooksStatus(report: HooksStatusReport): string {
  const lines = [where(report), ...servedLine(report)];
  for (const hook of report.hooks) {
    const chained = hook.chained === null ? '' : ` (runs ${hook.chained} first)`;
    lines.push(`  ${hook.name.padEnd(14)} ${hook.state.padEnd(9)} ${hook.path}${chained}`);
    if (hook.detail !== null) lines.push(`  ${''.padEnd(14)} ${hook.detail}`);
  }
  return `${lines.join('\n')}\n`;
}
