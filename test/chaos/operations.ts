// The random file operations of the chaos run, on one project's files. Each returns a short
// description for the operation log (the replay record); whether it changed anything is measured
// by the runner (a fingerprint of the tree), not claimed here.
import { chmodSync, existsSync, mkdirSync, openSync, closeSync, readdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync, readFileSync, lstatSync, accessSync, statSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { docsScope } from './disk-truth.js';
import type { Random } from './prng.js';
import type { ChaosProject, World } from './world.js';

/** One random operation on project `p`: returns its line of the operation log. */
export type Operation = (ctx: World, rnd: Random, p: ChaosProject) => string;

export const docsDirs: [string, ...string[]] = ['.heimdall/docs', '.heimdall/docs/guides', '.heimdall/docs/ops/deep'];
export const outsideDir = 'notes';
export const sharedDir = 'shared';
const words = 'alpha beta gamma delta clock batch store memory heading branch merge rebase monitor signal lock search'.split(' ');

function renameInto(root: string, from: string, to: string) {
  mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
  renameSync(path.join(root, from), path.join(root, to));
}

export function git(root: string, args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const run = spawnSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, input });
  return { ok: run.status === 0, out: `${run.stdout}${run.stderr}`.trim(), stdout: run.stdout ?? '' };
}

export function docText(rnd: Random, tag: string): string {
  const sections = rnd.int(1, 4);
  let text = `# ${tag}\n\n`;
  for (let s = 0; s < sections; s++) {
    text += `## Section ${s} ${rnd.pick(words)}\n\n${Array.from({ length: rnd.int(3, 30) }, () => rnd.pick(words)).join(' ')}.\n\n`;
  }
  return text;
}

const canWrite = (abs: string) => {
  try {
    accessSync(abs, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/** Whether `rel` is a doc under `scope` (disk-truth.js's docsScope: the config as it is now). */
export const inScope = (rel: string, { targets, extensions }: { targets: string[]; extensions: Set<string> }) =>
  extensions.has(path.extname(rel).toLowerCase()) && targets.some((target) => target === '.' || rel === target || rel.startsWith(`${target}/`));

/** Every doc-like file (not symlink) in `dirs` of `root`, project-relative and sorted (readdir order is the filesystem's). */
export function listFiles(root: string, dirs: string[], { writable = false, ext = /\.(md|txt)$/ } = {}): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    let names: string[] = [];
    try {
      names = readdirSync(path.join(root, dir));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const rel = `${dir}/${name}`;
      try {
        if (lstatSync(path.join(root, rel)).isFile() && ext.test(name) && (!writable || canWrite(path.join(root, rel)))) out.push(rel);
      } catch {
        // raced away
      }
    }
  }
  return out;
}

/** One project's starting files: docs in every docs folder, a few notes outside them, link targets. */
export function seedProject(root: string, rnd: Random) {
  for (const dir of [...docsDirs, outsideDir, sharedDir]) mkdirSync(path.join(root, dir), { recursive: true });
  for (let i = 0; i < 12; i++) writeFileSync(path.join(root, rnd.pick(docsDirs), `seed-${i}.md`), docText(rnd, `Seed ${i}`));
  for (let i = 0; i < 2; i++) writeFileSync(path.join(root, outsideDir, `note-${i}.md`), docText(rnd, `Note ${i}`));
  // Link targets are written once and never changed: a link's target changing outside the
  // watched paths is seen by the next full sync, not by the monitor (documented).
  for (let i = 0; i < 4; i++) writeFileSync(path.join(root, sharedDir, `target-${i}.md`), docText(rnd, `Shared ${i}`));
}

let counter = 0;
export const fresh = (rnd: Random, ext = '.md') => `f${++counter}-${rnd.int(0, 9999)}${ext}`;

// The scope edits: folders that may be added to or taken out of `monitoring.target_path`, and an
// extension that may be added to or taken out of `monitoring.extensions` (create writes some .txt files).
const scopeFolders: [string, ...string[]] = ['.heimdall/docs', '.heimdall/docs/guides', outsideDir, sharedDir];
const toggledExtension = '.txt';

export const operations = {
  create: (ctx, rnd, p) => {
    const rel = `${rnd.pick(docsDirs)}/${fresh(rnd, rnd.chance(0.15) ? '.txt' : '.md')}`;
    mkdirSync(path.join(p.root, path.dirname(rel)), { recursive: true });
    writeFileSync(path.join(p.root, rel), docText(rnd, rel));
    return `create ${p.label}${rel}`;
  },
  modify: (ctx, rnd, p) => {
    const rel = rnd.pick(listFiles(p.root, docsDirs, { writable: true }));
    if (!rel) return 'modify (nothing)';
    writeFileSync(path.join(p.root, rel), docText(rnd, rel));
    return `modify ${p.label}${rel}`;
  },
  sameSizeEdit: (ctx, rnd, p) => {
    // The racily clean case on purpose: the store indexes a file, which is then edited to the same
    // size with its mtime put back exactly (touch: utimes rounds to µs). A full sync's fast path
    // must hash it: its mtime is within a second of its indexing, and its ctime (which no utimes
    // puts back) moved. The mtime is set a second ahead of the write first, so that a slow `load`
    // (over a second on a loaded machine) still indexes it within that second; should it not, the
    // ctime alone must tell.
    const rel = rnd.pick(listFiles(p.root, docsDirs, { writable: true, ext: /\.md$/ }));
    if (!rel) return 'same-size edit (nothing)';
    const file = path.join(p.root, rel);
    // Out of the current scope, the file must stay out of the store, edited or not.
    const isDoc = inScope(rel, docsScope(p.root));
    writeFileSync(file, docText(rnd, rel));
    const mtimeNs = BigInt(Date.now() + 1000) * 1_000_000n + BigInt(rnd.int(0, 999_999));
    const touch = () => spawnSync('touch', ['-m', '-d', `@${mtimeNs / 1_000_000_000n}.${String(mtimeNs % 1_000_000_000n).padStart(9, '0')}`, file]);
    touch();
    const before = statSync(file, { bigint: true });
    const load = ctx.cli(p, ['load', rel]);
    // Indexed-at is before now: within the racy window of the mtime, whatever the store's clock said.
    const lead = Number(mtimeNs / 1_000_000n) - Date.now();
    const racy = load.code === 0 && before.mtimeNs === mtimeNs && lead > -990;
    const text = readFileSync(file, 'utf8');
    const at = text.lastIndexOf('.');
    writeFileSync(file, `${text.slice(0, at - 1)}${text[at - 1] === 'x' ? 'y' : 'x'}${text.slice(at)}`);
    ctx.note('sameSizeEdits', !isDoc ? 'notDocs' : racy ? 'racy' : 'notRacy');
    touch();
    const after = statSync(file, { bigint: true });
    if (after.mtimeNs !== mtimeNs || after.size !== before.size) throw new Error(`the mtime of ${file} was not put back exactly`);
    const syncStarted = Date.now();
    const sync = ctx.cli(p, ['sync']);
    const slow = Date.now() - syncStarted > 5000 ? ` (slow sync: ${sync.stderr.trim().split('\n').join(' | ')})` : '';
    const stored = ctx.storedSha1(p, rel);
    const expected = isDoc ? ctx.sha1Of(file) : null;
    const window = !isDoc ? 'not a doc under the current config' : racy ? 'racily clean' : `outside the racy window (load exit ${load.code})`;
    if (stored !== expected) ctx.differences.push(`step ${ctx.step}: after \`heimdall sync\` (exit ${sync.code}) returned, the store held ${stored ?? 'nothing'} for the same-size edited ${p.label}${rel} (${window}), ${expected === null ? 'which is no doc' : `the disk ${expected}`}`);
    return `same-size edit ${p.label}${rel}, mtime put back, ${window} (load returned ${lead >= 0 ? `${lead} ms before` : `${-lead} ms after`} the mtime); sync exit ${sync.code}${slow}`;
  },
  emptyFile: (ctx, rnd, p) => {
    // Expected: the source stays (or appears) with the sha1 of the empty content and no memories.
    const how = rnd.pick(['truncate', 'blank', 'touch']);
    if (how === 'touch') {
      const rel = `${rnd.pick(docsDirs)}/${fresh(rnd)}`;
      closeSync(openSync(path.join(p.root, rel), 'a'));
      return `touch ${p.label}${rel} (a new empty doc)`;
    }
    const rel = rnd.pick(listFiles(p.root, docsDirs, { writable: true }));
    if (!rel) return `${how} (nothing)`;
    writeFileSync(path.join(p.root, rel), how === 'truncate' ? '' : rnd.pick(['\n', '  \n\n\t\n', '\uFEFF\n']));
    return `${how === 'truncate' ? ': >' : 'blank out'} ${p.label}${rel}`;
  },
  editScope: (ctx, rnd, p) => {
    const scope = docsScope(p.root);
    const targets = new Set(scope.targets);
    const folder = rnd.pick(scopeFolders);
    if (targets.has(folder) && targets.size > 1) targets.delete(folder);
    else targets.add(folder);
    const extensions = new Set(scope.extensions);
    if (rnd.chance(0.4)) {
      if (extensions.has(toggledExtension)) extensions.delete(toggledExtension);
      else extensions.add(toggledExtension);
    }
    const list = (values: Iterable<string>) => `[${[...values].join(', ')}]`;
    // The store mapping stays (PostgreSQL mode): a config without it would switch the project to SQLite.
    const text = `# Edited by the chaos run at step ${ctx.step}.\nmonitoring:\n  target_path: ${list(targets)}\n  extensions: ${list(extensions)}\n${ctx.storeYaml(p)}`;
    const file = path.join(p.root, '.heimdall', 'config.yaml');
    // As editors do: in place (a reader may see it half written), or a new file renamed over it.
    const inPlace = rnd.chance(0.5);
    if (inPlace) writeFileSync(file, text);
    else {
      writeFileSync(`${file}.chaos-tmp`, text);
      renameSync(`${file}.chaos-tmp`, file);
    }
    return `config of ${p.name}: target_path ${list(targets)}, extensions ${list(extensions)} (${inPlace ? 'in place' : 'renamed over'})`;
  },
  remove: (ctx, rnd, p) => {
    const rel = rnd.pick(listFiles(p.root, docsDirs));
    if (!rel) return 'delete (nothing)';
    unlinkSync(path.join(p.root, rel));
    return `delete ${p.label}${rel}`;
  },
  rename: (ctx, rnd, p) => {
    const rel = rnd.pick(listFiles(p.root, docsDirs));
    if (!rel) return 'rename (nothing)';
    const to = `${path.posix.dirname(rel)}/${fresh(rnd)}`;
    renameInto(p.root, rel, to);
    return `rename ${p.label}${rel} -> ${to}`;
  },
  move: (ctx, rnd, p) => {
    const rel = rnd.pick(listFiles(p.root, docsDirs));
    if (!rel) return 'move (nothing)';
    const dir = rnd.pick(docsDirs.filter((d) => d !== path.posix.dirname(rel)));
    const to = `${dir}/${path.posix.basename(rel)}`;
    if (existsSync(path.join(p.root, to))) return `move ${p.label}${rel} (target exists)`;
    renameInto(p.root, rel, to);
    return `move ${p.label}${rel} -> ${to}`;
  },
  moveOut: (ctx, rnd, p) => {
    const rel = rnd.pick(listFiles(p.root, docsDirs));
    if (!rel) return 'move out (nothing)';
    const to = `${outsideDir}/${fresh(rnd)}`;
    renameInto(p.root, rel, to);
    return `move out ${p.label}${rel} -> ${to}`;
  },
  moveIn: (ctx, rnd, p) => {
    const rel = rnd.pick(listFiles(p.root, [outsideDir]));
    if (!rel) return 'move in (nothing)';
    const to = `${rnd.pick(docsDirs)}/${fresh(rnd)}`;
    renameInto(p.root, rel, to);
    return `move in ${p.label}${rel} -> ${to}`;
  },
  chmod: (ctx, rnd, p) => {
    const rel = rnd.pick(listFiles(p.root, docsDirs, { writable: true }));
    if (!rel) return 'chmod (nothing)';
    const file = path.join(p.root, rel);
    chmodSync(file, 0o000);
    // Without CAP_DAC_OVERRIDE (the run drops it), mode 000 really is unreadable, root or not.
    let readable = true;
    try {
      closeSync(openSync(file, 'r'));
    } catch {
      readable = false;
    }
    ctx.note('chmod', readable ? 'stillReadable' : 'unreadable');
    const at = ctx.step + rnd.int(1, 6);
    ctx.later.push({ at, run: () => restoreMode(file) });
    return `chmod 000 ${p.label}${rel} (${readable ? 'STILL READABLE' : 'unreadable'}; 644 again at step ${at})`;
  },
  symlinkIn: (ctx, rnd, p) => {
    const rel = `${rnd.pick(docsDirs)}/link-${fresh(rnd)}`;
    symlinkSync(path.join(p.root, sharedDir, `target-${rnd.int(0, 3)}.md`), path.join(p.root, rel));
    return `symlink in ${p.label}${rel}`;
  },
  symlinkOut: (ctx, rnd, p) => {
    const links = docsDirs.flatMap((dir) => {
      try {
        return readdirSync(path.join(p.root, dir)).sort().filter((n) => n.startsWith('link-')).map((n) => `${dir}/${n}`);
      } catch {
        return [];
      }
    });
    const rel = rnd.pick(links);
    if (!rel) return 'symlink out (nothing)';
    unlinkSync(path.join(p.root, rel));
    return `unlink ${p.label}${rel}`;
  },
  burst: (ctx, rnd, p) => {
    const targets = Array.from({ length: 20 }, (_, i) => `${rnd.pick(docsDirs)}/burst-${i}.md`);
    for (let i = 0; i < 1000; i++) {
      const rel = targets[i % targets.length];
      try {
        writeFileSync(path.join(p.root, rel), `# Burst ${i}\n\nwrite ${i} of a burst of 1000 ${rnd.pick(words)}\n`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EACCES') throw error; // a burst file made unreadable by an earlier chmod
      }
    }
    if (rnd.chance(0.5)) for (const rel of targets.slice(0, 5)) rmSync(path.join(p.root, rel), { force: true });
    return `burst of 1000 writes over 20 files of ${p.name}`;
  },
} satisfies Record<string, Operation>;

export function restoreMode(file: string) {
  try {
    chmodSync(file, 0o644);
  } catch {
    // moved or deleted since: the final sweep finds it where it went
  }
}
