// The random operations of the chaos run: file edits and git commands on a real repository.
// Each returns a short description for the operation log (the replay record).
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync, readFileSync, lstatSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const docsDirs = ['.heimdall/docs', '.heimdall/docs/guides', '.heimdall/docs/ops/deep'];
const outsideDir = 'notes';
const sharedDir = 'shared';
const words = 'alpha beta gamma delta clock batch store memory heading branch merge rebase monitor signal lock search'.split(' ');

function renameInto(root, from, to) {
  mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
  renameSync(path.join(root, from), path.join(root, to));
}

export function git(root, args, env) {
  const run = spawnSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  return { ok: run.status === 0, out: `${run.stdout}${run.stderr}`.trim() };
}

export function docText(rnd, tag) {
  const sections = rnd.int(1, 4);
  let text = `# ${tag}\n\n`;
  for (let s = 0; s < sections; s++) {
    text += `## Section ${s} ${rnd.pick(words)}\n\n${Array.from({ length: rnd.int(3, 30) }, () => rnd.pick(words)).join(' ')}.\n\n`;
  }
  return text;
}

/** Every doc-like file (not symlink) in the docs folders and outside, project-relative. */
export function listFiles(root, dirs) {
  const out = [];
  for (const dir of dirs) {
    let names = [];
    try {
      names = readdirSync(path.join(root, dir));
    } catch {
      continue;
    }
    for (const name of names) {
      const rel = `${dir}/${name}`;
      try {
        if (lstatSync(path.join(root, rel)).isFile() && name.endsWith('.md')) out.push(rel);
      } catch {
        // raced away
      }
    }
  }
  return out;
}

export function prepareRepository(root, rnd, env) {
  for (const dir of [...docsDirs, outsideDir, sharedDir]) mkdirSync(path.join(root, dir), { recursive: true });
  for (let i = 0; i < 12; i++) writeFileSync(path.join(root, rnd.pick(docsDirs), `seed-${i}.md`), docText(rnd, `Seed ${i}`));
  // Link targets are written once and never changed: a link's target changing outside the
  // watched paths is seen by the next full sync, not by the monitor (documented).
  for (let i = 0; i < 4; i++) writeFileSync(path.join(root, sharedDir, `target-${i}.md`), docText(rnd, `Shared ${i}`));
  writeFileSync(path.join(root, '.gitignore'), 'scratch/\n');
  git(root, ['add', '-A'], env);
  git(root, ['commit', '-qm', 'seed'], env);
  git(root, ['branch', 'side'], env);
}

let counter = 0;
const fresh = (rnd) => `f${++counter}-${rnd.int(0, 9999)}.md`;

export const operations = {
  create: (ctx, rnd) => {
    const rel = `${rnd.pick(docsDirs)}/${fresh(rnd)}`;
    mkdirSync(path.join(ctx.root, path.dirname(rel)), { recursive: true });
    writeFileSync(path.join(ctx.root, rel), docText(rnd, rel));
    return `create ${rel}`;
  },
  modify: (ctx, rnd) => {
    const rel = rnd.pick(listFiles(ctx.root, docsDirs));
    if (!rel) return 'modify (nothing)';
    writeFileSync(path.join(ctx.root, rel), docText(rnd, rel));
    return `modify ${rel}`;
  },
  sameSizeEdit: (ctx, rnd) => {
    // Same size, same second: only the content hash can tell (the racy-clean case).
    const rel = rnd.pick(listFiles(ctx.root, docsDirs));
    if (!rel) return 'same-size edit (nothing)';
    const file = path.join(ctx.root, rel);
    const text = readFileSync(file, 'utf8');
    const at = text.lastIndexOf('.');
    writeFileSync(file, `${text.slice(0, at - 1)}${text[at - 1] === 'x' ? 'y' : 'x'}${text.slice(at)}`);
    return `same-size edit ${rel}`;
  },
  remove: (ctx, rnd) => {
    const rel = rnd.pick(listFiles(ctx.root, docsDirs));
    if (!rel) return 'delete (nothing)';
    unlinkSync(path.join(ctx.root, rel));
    return `delete ${rel}`;
  },
  rename: (ctx, rnd) => {
    const rel = rnd.pick(listFiles(ctx.root, docsDirs));
    if (!rel) return 'rename (nothing)';
    const to = `${path.posix.dirname(rel)}/${fresh(rnd)}`;
    renameInto(ctx.root, rel, to);
    return `rename ${rel} -> ${to}`;
  },
  move: (ctx, rnd) => {
    const rel = rnd.pick(listFiles(ctx.root, docsDirs));
    if (!rel) return 'move (nothing)';
    const to = `${rnd.pick(docsDirs)}/${path.posix.basename(rel)}`;
    if (existsSync(path.join(ctx.root, to))) return `move ${rel} (target exists)`;
    renameInto(ctx.root, rel, to);
    return `move ${rel} -> ${to}`;
  },
  moveOut: (ctx, rnd) => {
    const rel = rnd.pick(listFiles(ctx.root, docsDirs));
    if (!rel) return 'move out (nothing)';
    const to = `${outsideDir}/${fresh(rnd)}`;
    renameInto(ctx.root, rel, to);
    return `move out ${rel} -> ${to}`;
  },
  moveIn: (ctx, rnd) => {
    const rel = rnd.pick(listFiles(ctx.root, [outsideDir]));
    if (!rel) return 'move in (nothing)';
    const to = `${rnd.pick(docsDirs)}/${fresh(rnd)}`;
    renameInto(ctx.root, rel, to);
    return `move in ${rel} -> ${to}`;
  },
  chmod: (ctx, rnd) => {
    const rel = rnd.pick(listFiles(ctx.root, docsDirs));
    if (!rel) return 'chmod (nothing)';
    chmodSync(path.join(ctx.root, rel), 0o000);
    ctx.later.push(() => {
      try {
        chmodSync(path.join(ctx.root, rel), 0o644);
      } catch {
        // moved or deleted since
      }
    });
    return `chmod 000 ${rel} (restored later)`;
  },
  symlinkIn: (ctx, rnd) => {
    const rel = `${rnd.pick(docsDirs)}/link-${fresh(rnd)}`;
    symlinkSync(path.join(ctx.root, 'shared', `target-${rnd.int(0, 3)}.md`), path.join(ctx.root, rel));
    return `symlink in ${rel}`;
  },
  symlinkOut: (ctx, rnd) => {
    const links = docsDirs.flatMap((dir) => {
      try {
        return readdirSync(path.join(ctx.root, dir)).filter((n) => n.startsWith('link-')).map((n) => `${dir}/${n}`);
      } catch {
        return [];
      }
    });
    const rel = rnd.pick(links);
    if (!rel) return 'symlink out (nothing)';
    unlinkSync(path.join(ctx.root, rel));
    return `unlink ${rel}`;
  },
  commit: (ctx) => {
    git(ctx.root, ['add', '-A'], ctx.env);
    const r = git(ctx.root, ['commit', '-qm', `op ${ctx.step}`], ctx.env);
    return `commit (${r.ok ? 'ok' : 'nothing'})`;
  },
  switchBranch: (ctx) => {
    git(ctx.root, ['add', '-A'], ctx.env);
    git(ctx.root, ['commit', '-qm', `before switch ${ctx.step}`], ctx.env);
    const current = git(ctx.root, ['rev-parse', '--abbrev-ref', 'HEAD'], ctx.env).out;
    const r = git(ctx.root, ['checkout', '-q', current === 'main' ? 'side' : 'main'], ctx.env);
    return `checkout from ${current} (${r.ok ? 'ok' : r.out.split('\n')[0]})`;
  },
  merge: (ctx) => {
    git(ctx.root, ['add', '-A'], ctx.env);
    git(ctx.root, ['commit', '-qm', `before merge ${ctx.step}`], ctx.env);
    const current = git(ctx.root, ['rev-parse', '--abbrev-ref', 'HEAD'], ctx.env).out;
    const r = git(ctx.root, ['merge', '--no-edit', '-q', current === 'main' ? 'side' : 'main'], ctx.env);
    if (!r.ok) git(ctx.root, ['merge', '--abort'], ctx.env);
    return `merge into ${current} (${r.ok ? 'ok' : 'conflict, aborted'})`;
  },
  rebase: (ctx) => {
    git(ctx.root, ['add', '-A'], ctx.env);
    git(ctx.root, ['commit', '-qm', `before rebase ${ctx.step}`], ctx.env);
    const current = git(ctx.root, ['rev-parse', '--abbrev-ref', 'HEAD'], ctx.env).out;
    const r = git(ctx.root, ['rebase', '-q', current === 'main' ? 'side' : 'main'], ctx.env);
    if (!r.ok) git(ctx.root, ['rebase', '--abort'], ctx.env);
    return `rebase ${current} (${r.ok ? 'ok' : 'conflict, aborted'})`;
  },
  stash: (ctx, rnd) => {
    operations.modify(ctx, rnd);
    const r = git(ctx.root, ['stash', '-q', '--include-untracked'], ctx.env);
    const p = git(ctx.root, ['stash', 'pop', '-q'], ctx.env);
    return `stash and pop (${r.ok && p.ok ? 'ok' : 'partial'})`;
  },
  clean: (ctx) => {
    const r = git(ctx.root, ['clean', '-fdq', '--', '.heimdall/docs'], ctx.env);
    return `git clean -fd (${r.ok ? 'ok' : r.out})`;
  },
  burst: (ctx, rnd) => {
    const targets = Array.from({ length: 20 }, (_, i) => `${rnd.pick(docsDirs)}/burst-${i}.md`);
    for (let i = 0; i < 1000; i++) {
      const rel = targets[i % targets.length];
      writeFileSync(path.join(ctx.root, rel), `# Burst ${i}\n\nwrite ${i} of a burst of 1000 ${rnd.pick(words)}\n`);
    }
    if (rnd.chance(0.5)) for (const rel of targets.slice(0, 5)) rmSync(path.join(ctx.root, rel), { force: true });
    return 'burst of 1000 writes over 20 files';
  },
};
