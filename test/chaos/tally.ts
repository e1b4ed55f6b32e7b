// What the run really did, counted: operations that changed the tree apart from no-ops, faults
// attempted and injected by kind, and the notes operations leave (merges ok or conflicted...).
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { git } from './operations.js';

const runtime = new Set(['run', 'logs']);

/**
 * A fingerprint of the working tree (every file's path, type, mode and content; heimdall's runtime
 * files and Watchman's cookies aside) and of HEAD: an operation that leaves it equal was a no-op.
 */
export function treeFingerprint(repo: string, env: NodeJS.ProcessEnv): string {
  const hash = createHash('sha1');
  const visit = (rel: string) => {
    for (const name of readdirSync(path.join(repo, rel)).sort()) {
      const childRel = rel === '' ? name : `${rel}/${name}`;
      if (name === '.git' || name.startsWith('.watchman-cookie-')) continue;
      if (path.posix.basename(rel) === '.heimdall' && (runtime.has(name) || name.startsWith('memory.db'))) continue;
      let stat;
      try {
        stat = lstatSync(path.join(repo, childRel));
      } catch {
        continue;
      }
      hash.update(`${childRel}\0${stat.mode}\0`);
      if (stat.isDirectory()) visit(childRel);
      else if (stat.isSymbolicLink()) hash.update(readlinkSync(path.join(repo, childRel)));
      else {
        try {
          hash.update(readFileSync(path.join(repo, childRel)));
        } catch {
          hash.update(`unreadable ${stat.size} ${stat.mtimeMs}`);
        }
      }
      hash.update('\n');
    }
  };
  visit('');
  hash.update(headOf(repo, env));
  return hash.digest('hex');
}

// HEAD and the commit it names, read from .git (a git spawn per step costs more than the whole walk).
function headOf(repo: string, env: NodeJS.ProcessEnv): string {
  const head = readFileSync(path.join(repo, '.git', 'HEAD'), 'utf8').trim();
  const ref = /^ref: (.+)$/.exec(head)?.[1];
  if (ref === undefined) return head;
  try {
    return `${ref} ${readFileSync(path.join(repo, '.git', ref), 'utf8').trim()}`;
  } catch {
    return `${ref} ${git(repo, ['rev-parse', '--verify', '-q', ref], env).stdout}`; // packed, or no commit yet
  }
}

export function createTally() {
  const drawn: Record<string, number> = {};
  const noops: Record<string, number> = {};
  const faults: Record<string, { attempted: number; injected: number }> = {};
  const notes: Record<string, Record<string, number>> = {};
  let operations = 0;
  let changed = 0;
  const bump = (bag: Record<string, number>, key: string) => (bag[key] = (bag[key] ?? 0) + 1);
  return {
    operation(name: string, didChange: boolean) {
      operations++;
      bump(drawn, name);
      if (didChange) changed++;
      else bump(noops, name);
    },
    fault(name: string, wasInjected: boolean) {
      faults[name] ??= { attempted: 0, injected: 0 };
      faults[name].attempted++;
      if (wasInjected) faults[name].injected++;
    },
    /** A fact an operation reports: note('merges', 'ok'). */
    note(group: string, key: string) {
      notes[group] ??= {};
      bump(notes[group], key);
    },
    figures() {
      const kinds = Object.values(faults);
      return {
        operations,
        changed,
        noops: operations - changed,
        drawn,
        noopsBy: noops,
        faults: {
          attempted: kinds.reduce((sum, k) => sum + k.attempted, 0),
          injected: kinds.reduce((sum, k) => sum + k.injected, 0),
          byKind: faults,
        },
        merges: { ok: 0, conflicted: 0, ...notes.merges },
        rebases: { ok: 0, conflicted: 0, ...notes.rebases },
        sameSizeEdits: { racy: 0, notRacy: 0, ...notes.sameSizeEdits },
        chmod: { unreadable: 0, stillReadable: 0, ...notes.chmod },
        serverRestarts: { fast: 0, kill: 0, ...notes.serverRestarts },
      };
    },
  };
}

const hookLine = /^\S+ \[(post-checkout|post-merge|post-rewrite) (\d+)\] (.*)$/;

/**
 * What each project's sync.log records of the hook runs: how many by hook (one pid per run), and the
 * slowest sync (a run that waited long for another sync or for the monitor shows here).
 */
export function hookRuns(projectRoot: string) {
  let text = '';
  try {
    text = readFileSync(path.join(projectRoot, '.heimdall', 'logs', 'sync.log'), 'utf8');
  } catch {
    // no hook ran
  }
  const runs: Record<string, Set<string>> = { 'post-checkout': new Set(), 'post-merge': new Set(), 'post-rewrite': new Set() };
  let slowestMs = 0;
  for (const line of text.split('\n')) {
    const m = hookLine.exec(line);
    if (!m) continue;
    runs[m[1]].add(m[2]);
    const took = /^sync: .* in (\d+) ms$/.exec(m[3]);
    if (took) slowestMs = Math.max(slowestMs, Number(took[1]));
  }
  return { ...Object.fromEntries(Object.entries(runs).map(([hook, pids]) => [hook, pids.size])), slowestMs };
}
