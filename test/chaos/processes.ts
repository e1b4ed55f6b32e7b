// What runs, read from /proc: the monitor's delegated children, the detached hook syncs, and
// whatever of the run is left at the end. PID 1 here does not reap, so state Z counts as gone.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { isAlive } from '../helpers/process-tree.js';

export { isAlive };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RunningProcess {
  pid: number;
  cmd: string;
  cwd: string;
}

function processes(): RunningProcess[] {
  const out: RunningProcess[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat[stat.lastIndexOf(')') + 2] === 'Z') continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${name}/cwd`);
      } catch {
        // another user's process, or gone
      }
      out.push({ pid: Number(name), cmd, cwd });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** The parent pid of `pid`, from /proc (null once it is gone). */
export function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** True while `pid` runs below `ancestor` (its child, or the child of the monitor's catch-up sync). */
export function isDescendantOf(pid: number, ancestor: number): boolean {
  for (let at = parentOf(pid), hops = 0; at !== null && at > 1 && hops < 16; at = parentOf(at), hops++) {
    if (at === ancestor) return isAlive(pid);
  }
  return false;
}

const within = (dir: string, root: string) => dir === root || dir.startsWith(`${root}/`);

/**
 * The background hook syncs of the repository at `root`, at every stage of their start: the hook's
 * forked sh (its argv names the hook file), then setsid / nohup / node running `hooks run`
 * (git runs hooks from the top of the working tree, so their cwd is `root`).
 */
export const hookSyncs = (root: string) =>
  processes().filter((p) => p.cmd.includes(`${root}/.git/hooks/`) || (/ hooks run /.test(`${p.cmd} `) && within(p.cwd, root)));

/** Waits, bounded, until no hook sync of `root` runs; returns those still running at the deadline. */
export async function waitForHookSyncs(root: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = hookSyncs(root);
    if (left.length === 0 || Date.now() > deadline) return left;
    await sleep(50);
  }
}

/** Processes of the run still alive: their argv names `root`, or they run inside it. */
export const processesOf = (root: string) => processes().filter((p) => p.cmd.includes(root) || within(p.cwd, root));
