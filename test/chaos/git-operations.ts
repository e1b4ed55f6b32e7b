// The git operations of the chaos run, on the one repository that holds every project. The hooks
// run in their default background mode, so each command returns while its sync still runs.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { docText, docsDirs, fresh, git, operations, type Operation } from './operations.js';
import type { Random } from './prng.js';
import type { World } from './world.js';

const lines = (text: string) => text.split('\n').filter(Boolean);
const currentBranch = (ctx: World) => git(ctx.repo, ['rev-parse', '--abbrev-ref', 'HEAD'], ctx.env).out;
const otherThan = (branch: string) => (branch === 'main' ? 'side' : 'main');

/** `git add -A` and a commit. `--ignore-errors`: a file made unreadable (chmod 000) stays out, the rest goes in. */
function commitAll(ctx: World, message: string) {
  git(ctx.repo, ['add', '-A', '--ignore-errors'], ctx.env);
  return git(ctx.repo, ['commit', '-qm', message], ctx.env).ok;
}

/** Repository-relative docs folders of every project (where the side commits edit). */
const repoDocsDirs = (ctx: World) => ctx.projects.flatMap((p) => docsDirs.map((dir) => (p.name === '.' ? dir : `${p.name}/${dir}`)));

/**
 * A commit on `branch` (not checked out) that edits only files the current branch has not touched
 * since their merge base, committed or not: a merge or rebase then has something to do and
 * conflicts only where both branches' own histories overlap. Built with plumbing in a private index,
 * so the working tree and its watchers see nothing until the merge.
 */
function sideCommit(ctx: World, rnd: Random, branch: string) {
  const { repo, env } = ctx;
  const base = git(repo, ['merge-base', 'HEAD', branch], env).out;
  const touched = new Set([
    ...lines(git(repo, ['diff', '--no-renames', '--name-only', base, 'HEAD'], env).stdout),
    ...lines(git(repo, ['diff', '--no-renames', '--name-only', 'HEAD'], env).stdout),
    ...lines(git(repo, ['ls-files', '--others', '--exclude-standard'], env).stdout),
  ]);
  const dirs = repoDocsDirs(ctx);
  const theirs = lines(git(repo, ['ls-tree', '-r', branch], env).stdout)
    .map((line) => ({ mode: line.split(' ')[0], file: line.slice(line.indexOf('\t') + 1) }))
    .filter(({ mode, file }) => mode === '100644' && file.endsWith('.md') && dirs.includes(path.posix.dirname(file)) && !touched.has(file))
    .map(({ file }) => file);
  const indexEnv = { ...env, GIT_INDEX_FILE: path.join(repo, '.git', 'chaos-side-index') };
  git(repo, ['read-tree', branch], indexEnv);
  const blob = (text: string) => git(repo, ['hash-object', '-w', '--stdin'], env, text).out;
  const edits: string[] = [];
  for (let i = rnd.int(1, 3); i > 0; i--) {
    const kind = rnd.weighted({ add: 3, modify: 3, remove: 1, rename: 1 });
    const target = rnd.pick(theirs.filter((file) => !edits.some((e) => e.includes(file))));
    if (kind === 'add' || !target) {
      const file = `${rnd.pick(dirs)}/side-${fresh(rnd)}`;
      git(repo, ['update-index', '--add', '--cacheinfo', `100644,${blob(docText(rnd, file))},${file}`], indexEnv);
      edits.push(`add ${file}`);
    } else if (kind === 'modify') {
      git(repo, ['update-index', '--cacheinfo', `100644,${blob(docText(rnd, target))},${target}`], indexEnv);
      edits.push(`modify ${target}`);
    } else if (kind === 'remove') {
      git(repo, ['update-index', '--force-remove', target], indexEnv);
      edits.push(`delete ${target}`);
    } else {
      const to = `${path.posix.dirname(target)}/side-${fresh(rnd)}`;
      const sha = git(repo, ['rev-parse', `${branch}:${target}`], env).out;
      git(repo, ['update-index', '--force-remove', target], indexEnv);
      git(repo, ['update-index', '--add', '--cacheinfo', `100644,${sha},${to}`], indexEnv);
      edits.push(`rename ${target} -> ${to}`);
    }
  }
  const tree = git(repo, ['write-tree'], indexEnv).out;
  const commit = git(repo, ['commit-tree', tree, '-p', branch, '-m', `side edits at step ${ctx.step}`], env).out;
  git(repo, ['update-ref', `refs/heads/${branch}`, commit], env);
  rmSync(indexEnv.GIT_INDEX_FILE, { force: true });
  return edits.join(', ');
}

function mergeOrRebase(ctx: World, rnd: Random, kind: 'merge' | 'rebase') {
  commitAll(ctx, `before ${kind} ${ctx.step}`);
  let current = currentBranch(ctx);
  if (current === 'HEAD') {
    // Left detached by an earlier failure: back on a branch first.
    git(ctx.repo, ['checkout', '-q', 'main'], ctx.env);
    current = currentBranch(ctx);
  }
  const other = otherThan(current);
  const edits = sideCommit(ctx, rnd, other);
  if (kind === 'rebase') {
    // A commit of its own, so that the rebase rewrites at least one (post-rewrite runs) and is no fast-forward.
    const p = rnd.pick(ctx.projects);
    const rel = `${rnd.pick(docsDirs)}/${fresh(rnd)}`;
    mkdirSync(path.dirname(path.join(p.root, rel)), { recursive: true });
    writeFileSync(path.join(p.root, rel), docText(rnd, rel));
    commitAll(ctx, `work before rebase ${ctx.step}`);
  }
  // Without git's directory-rename guesses: moves in and out of the docs folders would make it
  // "split" a folder's rename and conflict over files neither branch touched in common.
  const args = ['-c', 'merge.directoryRenames=false', ...(kind === 'merge' ? ['merge', '--no-edit', '-q', other] : ['rebase', '-q', other])];
  const r = git(ctx.repo, args, ctx.env);
  if (!r.ok) git(ctx.repo, [kind, '--abort'], ctx.env);
  // The other branch goes on from here: once merged (as a feature branch after its merge), or
  // given up (its own history overlaps this one's, and every later merge would conflict the same
  // way). The branches then diverge only by what the steps until the next merge do on each.
  git(ctx.repo, ['update-ref', `refs/heads/${other}`, 'HEAD'], ctx.env);
  ctx.note(kind === 'merge' ? 'merges' : 'rebases', r.ok ? 'ok' : 'conflicted');
  return `${kind} ${kind === 'merge' ? `${other} into ${current}` : `${current} onto ${other}`} after side edits (${edits}), ${other} then reset to it: ${r.ok ? 'ok' : `conflict, aborted: ${r.out.split('\n').find((l) => /CONFLICT|error/.test(l)) ?? r.out.split('\n')[0]}`}`;
}

function switchBranch(ctx: World) {
  commitAll(ctx, `before switch ${ctx.step}`);
  const current = currentBranch(ctx);
  const r = git(ctx.repo, ['checkout', '-q', otherThan(current)], ctx.env);
  return `checkout ${otherThan(current)} from ${current} (${r.ok ? 'ok' : r.out.split('\n')[0]})`;
}

export const gitOperations = {
  commit: (ctx) => `commit (${commitAll(ctx, `op ${ctx.step}`) ? 'ok' : 'nothing'})`,
  switchBranch,
  // Back to back: the second switch's hook starts while the first one's background sync (and the monitor) still work.
  backToBack: (ctx) => `${switchBranch(ctx)}, then at once ${switchBranch(ctx)}`,
  merge: (ctx, rnd) => mergeOrRebase(ctx, rnd, 'merge'),
  rebase: (ctx, rnd) => mergeOrRebase(ctx, rnd, 'rebase'),
  stash: (ctx, rnd, p) => {
    const modified = operations.modify(ctx, rnd, p);
    const r = git(ctx.repo, ['stash', '-q', '--include-untracked'], ctx.env);
    const popped = r.ok ? git(ctx.repo, ['stash', 'pop', '-q'], ctx.env) : { ok: false };
    return `${modified}; stash and pop (${r.ok && popped.ok ? 'ok' : 'partial'})`;
  },
  clean: (ctx, rnd, p) => {
    const r = git(ctx.repo, ['clean', '-fdq', '--', path.join(p.root, '.heimdall/docs')], ctx.env);
    return `git clean -fd ${p.label}.heimdall/docs (${r.ok ? 'ok' : r.out})`;
  },
} satisfies Record<string, Operation>;
