// Real git repositories in temp dirs, for the sync and hook tests.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync, rmSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { execa } from 'execa';
import { makeProject, heimdall, heimdallJson, repoRoot } from './project.js';

/**
 * Deterministic, hermetic git: no global or system config (no user hooks, templates or
 * aliases leak in), a fixed identity, and `main` as the first branch.
 */
export const gitEnv = {
  GIT_AUTHOR_NAME: 'heimdall test',
  GIT_AUTHOR_EMAIL: 'test@heimdall.invalid',
  GIT_COMMITTER_NAME: 'heimdall test',
  GIT_COMMITTER_EMAIL: 'test@heimdall.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  // The hooks run their sync in the foreground, so a test can assert right after git returns.
  HEIMDALL_HOOKS_SYNC: '1',
};

export interface GitOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  reject?: boolean;
  timeout?: number;
}

/** Runs git; throws (with stderr) on a non-zero exit unless `reject: false`. */
export function git(cwd: string, args: string[], { env, input, reject = true, timeout = 60_000 }: GitOptions = {}) {
  return execa('git', args, { cwd, env: { ...gitEnv, ...env }, input, reject, timeout, stripFinalNewline: true });
}

/**
 * A heimdall project that is a git repository on `main`, with `docs` committed
 * ({path under .heimdall/docs: content}). Returns makeProject's helpers plus git(args).
 */
export async function makeGitRepo(t: ExecutionContext, { docs = {}, config, commit = true }: { docs?: Record<string, string>; config?: string; commit?: boolean } = {}) {
  const project = makeProject(t, { docs, config });
  await git(project.root, ['-c', 'init.defaultBranch=main', 'init', '-q']);
  // The store and logs are runtime files (heimdall init writes this same .gitignore).
  writeFileSync(path.join(project.root, '.heimdall', '.gitignore'), 'memory.db*\nrun/\nlogs/\n');
  if (commit) {
    await git(project.root, ['add', '-A']);
    await git(project.root, ['commit', '-q', '-m', 'initial docs']);
  }
  return { ...project, git: (args: string[], options?: GitOptions) => git(project.root, args, options) };
}

export type GitRepo = Awaited<ReturnType<typeof makeGitRepo>>;

/** Writes `files` ({path under .heimdall/docs: content or null to delete}) and commits them all. */
export async function commitDocs(repo: GitRepo, files: Record<string, string | null>, message = 'docs') {
  for (const [name, content] of Object.entries(files)) {
    const rel = path.join('.heimdall', 'docs', name);
    if (content === null) rmSync(path.join(repo.root, rel), { force: true });
    else repo.write(rel, content);
  }
  await repo.git(['add', '-A']);
  await repo.git(['commit', '-q', '-m', message]);
}

export function renameDoc(repo: GitRepo, from: string, to: string) {
  const docs = path.join(repo.root, '.heimdall', 'docs');
  mkdirSync(path.dirname(path.join(docs, to)), { recursive: true });
  renameSync(path.join(docs, from), path.join(docs, to));
}

const docsExtensions = new Set(['.md', '.markdown', '.mdown', '.mkd']);

export interface StoredFile {
  path: string;
  sha1: string;
}

/** Every docs file under `.heimdall/docs` of `root`, as {path, sha1} of its bytes, sorted by path. */
export function docsOnDisk(root: string, docsDir = '.heimdall/docs'): StoredFile[] {
  const found: StoredFile[] = [];
  const visit = (rel: string) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) visit(child);
      else if (docsExtensions.has(path.extname(entry.name).toLowerCase())) {
        found.push({ path: child, sha1: createHash('sha1').update(readFileSync(path.join(root, child))).digest('hex') });
      }
    }
  };
  try {
    statSync(path.join(root, docsDir));
    visit(docsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** What `heimdall sources --json` says is stored, as {path, sha1}, sorted by path. */
export async function storedSources(root: string): Promise<StoredFile[]> {
  const { json, exitCode, stderr } = await heimdallJson<{ sources: StoredFile[] }>(['sources'], { cwd: root });
  if (exitCode !== 0) throw new Error(`heimdall sources failed (${exitCode}): ${stderr}`);
  return json.sources.map(({ path: p, sha1 }) => ({ path: p, sha1 })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The check after every scenario: the store holds exactly the docs on disk, same bytes. */
export async function assertStoreMatchesDisk(t: ExecutionContext, root: string, message = 'store equals the docs on disk') {
  const disk = docsOnDisk(root);
  t.true(disk.length > 0, 'the scenario leaves docs on disk');
  t.deepEqual(await storedSources(root), disk, message);
}

/** `heimdall hooks install` in `root` (through the real CLI, which records this node and bin/heimdall.js). */
export async function installHooks(t: ExecutionContext, root: string, args: string[] = []) {
  const result = await heimdall(['hooks', 'install', ...args], { cwd: root });
  t.is(result.exitCode, 0, result.stderr);
  return result;
}

/** The sync log of a project (empty string when there is none yet). */
export function syncLog(root: string): string {
  try {
    return readFileSync(path.join(root, '.heimdall', 'logs', 'sync.log'), 'utf8');
  } catch {
    return '';
  }
}

export const huskyBin = path.join(repoRoot, 'node_modules', 'husky', 'bin.js');
