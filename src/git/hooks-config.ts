import { execGit, splitNul } from './exec-git.js';

// In the repository's own config (.git/config, shared by its linked worktrees, never by clones).
const keys = {
  /** Multi-valued: the projects `hooks uninstall` took out while others still use the stubs. */
  skip: 'heimdall.hooksSkip',
  /** The heimdall this clone's `hooks install` ran, for shared stubs, which record no path themselves. */
  node: 'heimdall.hooksNode',
  cli: 'heimdall.hooksCli',
} as const;

export interface HooksConfig {
  /** Project folders relative to the working tree's top level ('.' for the top). */
  skipped: string[];
  node: string | null;
  cli: string | null;
}

export async function readHooksConfig(cwd: string): Promise<HooksConfig> {
  const run = await execGit(cwd, ['config', '-z', '--get-regexp', '^heimdall\\.hooks'], { allowExitCodes: [1] });
  const config: HooksConfig = { skipped: [], node: null, cli: null };
  for (const entry of splitNul(run.stdout)) {
    const newline = entry.indexOf('\n');
    const key = newline < 0 ? entry : entry.slice(0, newline);
    const value = newline < 0 ? '' : entry.slice(newline + 1);
    // git prints keys lower-cased.
    if (key === keys.skip.toLowerCase()) config.skipped.push(value);
    else if (key === keys.node.toLowerCase()) config.node = value;
    else if (key === keys.cli.toLowerCase()) config.cli = value;
  }
  return config;
}

export async function skipProject(cwd: string, config: HooksConfig, project: string): Promise<void> {
  if (!config.skipped.includes(project)) await execGit(cwd, ['config', '--local', '--add', keys.skip, project]);
}

export async function unskipProject(cwd: string, config: HooksConfig, project: string): Promise<void> {
  if (config.skipped.includes(project)) await execGit(cwd, ['config', '--local', '--fixed-value', '--unset-all', keys.skip, project]);
}

/** Written only when it differs: installing twice changes nothing. */
export async function recordHeimdall(cwd: string, config: HooksConfig, node: string, cli: string): Promise<void> {
  if (config.node !== node) await execGit(cwd, ['config', '--local', keys.node, node]);
  if (config.cli !== cli) await execGit(cwd, ['config', '--local', keys.cli, cli]);
}

/** What the last `hooks uninstall` leaves: nothing of heimdall in git's config (git drops the emptied section). */
export async function forgetHooksConfig(cwd: string, config: HooksConfig): Promise<void> {
  // Exit 5: nothing to unset (a value set in another scope, which is not ours to remove).
  if (config.skipped.length > 0) await execGit(cwd, ['config', '--local', '--unset-all', keys.skip], { allowExitCodes: [5] });
  if (config.node !== null) await execGit(cwd, ['config', '--local', '--unset-all', keys.node], { allowExitCodes: [5] });
  if (config.cli !== null) await execGit(cwd, ['config', '--local', '--unset-all', keys.cli], { allowExitCodes: [5] });
}
