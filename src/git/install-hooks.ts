import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { readHookFile, writeHookAtomically } from './hook-file.js';
import { hookLocation, type HookLocation } from './hook-location.js';
import { hookNames, type HookName } from './hook-names.js';
import { chainedSuffix, renderHookStub, type StubHeimdall } from './hook-stub.js';
import { readHooksConfig, recordHeimdall, unskipProject } from './hooks-config.js';
import { projectFolder, workingTreeProjects } from './working-tree-projects.js';
import { pathExists } from '../paths/path-exists.js';
import { ownBin } from '../paths/own-bin.js';

export type HookAction =
  | 'installed' // there was no hook
  | 'chained' // an existing hook was moved to <hook>.pre-heimdall; heimdall's stub runs it first
  | 'updated' // heimdall's stub was there with other contents (another node, CLI path or version)
  | 'unchanged' // already installed, byte for byte
  | 'restored' // uninstall: the chained hook is back in place
  | 'removed' // uninstall: heimdall's stub is gone, nothing was there before
  | 'absent' // uninstall: no heimdall stub there
  | 'kept'; // uninstall: the stub stays for the working tree's other projects; this one is skipped

export interface HooksReport {
  mode: HookLocation['kind'];
  /** Where git runs hooks from. */
  hooksDir: string;
  /** Where heimdall's scripts are (husky: `.husky/`). */
  scriptDir: string;
  /** This project's folder, relative to the working tree's top level ('.' for the top). */
  project: string;
  /** The projects of the working tree the stubs serve now. */
  projects: string[];
  hooks: Array<{ name: HookName; path: string; action: HookAction; chained: string | null }>;
}

/**
 * `heimdall hooks install`: heimdall's stub for post-checkout, post-merge and post-rewrite
 * in the directory git runs hooks from. Never clobbers: an existing hook is chained (moved
 * to `<hook>.pre-heimdall`, run first, its exit status is what git sees), and when that
 * name is taken too, nothing at all is changed and the error says how to proceed.
 * Installing twice changes nothing (not even a file's mtime). The stubs are the same for every
 * heimdall project of the working tree, so installing for a second project finds them
 * `unchanged`; it only takes that project back in if `hooks uninstall` had taken it out.
 */
export async function installHooks(root: string, options: { node?: string; cli?: string } = {}): Promise<HooksReport> {
  const location = await hookLocation(root);
  const node = options.node ?? process.execPath;
  const cli = options.cli ?? ownBin;
  const heimdall: StubHeimdall = location.shared ? { kind: 'shared' } : { kind: 'recorded', node, cli };
  const values = { heimdall, chainWith: location.chainWith };
  // Check every hook before touching any: a conflict leaves the repository as it was.
  const plans = hookNames.map((name) => {
    const file = path.join(location.scriptDir, name);
    const backup = `${file}${chainedSuffix}`;
    const current = readHookFile(file);
    if (current.kind === 'not-a-file') throw new HeimdallError('hooks', messages.hooks.notAFile(file));
    if (current.kind === 'foreign' && pathExists(backup)) throw new HeimdallError('hooks', messages.hooks.conflict(file, backup));
    return { name, file, backup, current, content: renderHookStub(name, values) };
  });
  mkdirSync(location.scriptDir, { recursive: true });
  const hooks: HooksReport['hooks'] = [];
  for (const { name, file, backup, current, content } of plans) {
    let action: HookAction;
    if (current.kind === 'heimdall') {
      action = current.content === content && current.executable ? 'unchanged' : 'updated';
      if (action === 'updated') writeHookAtomically(file, content);
    } else if (current.kind === 'foreign') {
      // A rename keeps the original byte for byte, mode and all: uninstall renames it back.
      renameSync(file, backup);
      writeHookAtomically(file, content);
      action = 'chained';
    } else {
      writeHookAtomically(file, content);
      action = 'installed';
    }
    hooks.push({ name, path: file, action, chained: pathExists(backup) ? backup : null });
  }
  const project = projectFolder(location.prefix);
  const config = await readHooksConfig(root);
  await unskipProject(root, config, project);
  // A shared stub records nothing; this clone's config says which heimdall installed it (the stub's first choice).
  if (location.shared) await recordHeimdall(root, config, node, cli);
  const { served } = await workingTreeProjects(location.topLevel);
  return { mode: location.kind, hooksDir: location.hooksDir, scriptDir: location.scriptDir, project, projects: served, hooks };
}
