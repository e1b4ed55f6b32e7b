// Faults injected between operations: processes killed, Watchman restarted, the store held busy,
// and syncs racing the monitor. Each says whether it was really injected (a kill that found
// nothing to kill is an attempt, not a fault), so the report counts what the run exercised.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { callsOfProject, delegatedCalls, isAlive } from './processes.js';
import { docText, docsDirs, listFiles } from './operations.js';
import type { Random } from './prng.js';
import type { ChaosProject, World } from './world.js';

/** What a fault did: `injected` false when it found nothing to hit (an attempt); `log` its line of the operation log. */
export interface FaultResult {
  injected: boolean;
  log: string;
}

export type Fault = (ctx: World, rnd: Random, p: ChaosProject) => Promise<FaultResult>;

const holdStoreLock = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hold-store-lock.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const injected = (log: string): FaultResult => ({ injected: true, log });
const attempted = (log: string): FaultResult => ({ injected: false, log });

/** The project's monitor pid; a monitor that is down (killed earlier, its restart still due) is started first. */
async function runningMonitor(ctx: World, p: ChaosProject) {
  const pid = await ctx.monitorPid(p);
  if (pid) return { pid, started: '' };
  await ctx.startMonitor(p);
  p.restartAfter = null;
  return { pid: await ctx.monitorPid(p), started: ' (started first: it was down)' };
}

export const faults = {
  killMonitor: async (ctx, rnd, p) => {
    const { pid, started } = await runningMonitor(ctx, p);
    if (!pid) return attempted(`kill monitor of ${p.name}: none running, and it did not start`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return attempted(`kill monitor ${pid} of ${p.name}: gone before the signal`);
    }
    await ctx.waitGone(pid);
    if (rnd.chance(0.5)) {
      await ctx.startMonitor(p);
      return injected(`SIGKILL monitor ${pid} of ${p.name}${started}, restarted at once`);
    }
    p.restartAfter = ctx.step + rnd.int(1, 8);
    return injected(`SIGKILL monitor ${pid} of ${p.name}${started}, restart at step ${p.restartAfter}`);
  },
  killLoad: async (ctx, rnd, p) => {
    // A load must be running to be killed: edit a few docs, then watch (bounded) for the monitor's
    // delegated call and kill it a random moment into its run, mid-batch if it is still going. A
    // monitor that delegates nothing for seconds (busy with a catch-up, or waiting for a sync) still
    // leaves the hooks' and racing syncs' calls of the same project to kill.
    const { pid, started } = await runningMonitor(ctx, p);
    if (!pid) return attempted(`kill load of ${p.name}: no monitor`);
    const files = listFiles(p.root, docsDirs, { writable: true });
    const edited: string[] = [];
    for (let i = rnd.int(3, 8); i > 0 && files.length > 0; i--) {
      const rel = files.splice(rnd.int(0, files.length - 1), 1)[0];
      writeFileSync(path.join(p.root, rel), docText(rnd, rel));
      edited.push(rel);
    }
    const delayMs = rnd.int(0, 250);
    const since = Date.now();
    let call;
    let whose = `monitor ${pid}`;
    for (;;) {
      call = delegatedCalls(pid)[0];
      if (!call && Date.now() - since > 5000) {
        call = callsOfProject(p.root)[0];
        whose = 'a sync';
      }
      if (call || Date.now() - since > 15_000) break;
      await sleep(5);
    }
    if (!call) return attempted(`kill load of ${p.name}: no delegated call within 15 s of ${edited.length} edits${started}`);
    await sleep(delayMs);
    if (!isAlive(call.pid)) return attempted(`kill load of ${p.name}: pid ${call.pid} (of ${whose}) finished within ${delayMs} ms`);
    try {
      process.kill(call.pid, 'SIGKILL');
    } catch {
      return attempted(`kill load of ${p.name}: pid ${call.pid} (of ${whose}) finished first`);
    }
    const what = / remove-file /.test(`${call.cmd} `) ? 'remove-file' : 'load';
    return injected(`SIGKILL ${what} ${call.pid} of ${whose} (${p.name}) ${delayMs} ms after it was seen, ${Date.now() - since} ms after ${edited.length} edits${started}`);
  },
  restartWatchman: async (ctx) => {
    await ctx.watchman.restart();
    return injected('Watchman killed and restarted');
  },
  busyStore: async (ctx, rnd, p) => {
    const holdMs = rnd.int(300, 2500);
    const holder = spawn(process.execPath, [holdStoreLock, path.join(p.root, '.heimdall', 'memory.db'), String(holdMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const locked = await new Promise<boolean>((resolve) => {
      holder.stdout.on('data', () => resolve(true));
      holder.on('close', () => resolve(false));
    });
    ctx.background.push(new Promise<void>((resolve) => (holder.exitCode !== null ? resolve() : holder.on('close', resolve))));
    return locked ? injected(`store of ${p.name} write-locked for ${holdMs} ms`) : attempted(`busy store of ${p.name} (could not lock)`);
  },
  concurrentSync: async (ctx, rnd, p) => {
    const args = rnd.chance(0.5) ? ['sync'] : ['sync', '--since', 'HEAD~1'];
    const child = spawn(process.execPath, [ctx.bin, ...args, '--project-root', p.root], { cwd: p.root, env: ctx.childEnv, stdio: 'ignore' });
    if (child.pid === undefined) return attempted(`heimdall ${args.join(' ')} (${p.name}) did not start`);
    ctx.background.push(new Promise((resolve) => child.on('close', resolve)));
    return injected(`heimdall ${args.join(' ')} (${p.name}) racing the monitor`);
  },
} satisfies Record<string, Fault>;
