// Faults injected between operations: processes killed, Watchman restarted, the store held busy,
// and syncs racing the monitor.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { childrenOf } from '../helpers/process-tree.js';

const holdStoreLock = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hold-store-lock.js');

/** Processes whose command line mentions `needle` (our temp root): what must be gone at the end. */
export function processesMentioning(needle) {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      const state = /State:\s+(\w)/.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1];
      if (cmd.includes(needle) && state !== 'Z') out.push({ pid: Number(name), cmd });
    } catch {
      // gone
    }
  }
  return out;
}

export const faults = {
  killMonitor: async (ctx, rnd) => {
    const pid = await ctx.monitorPid();
    if (!pid) return 'kill monitor (not running)';
    process.kill(pid, 'SIGKILL');
    await ctx.waitGone(pid);
    if (rnd.chance(0.5)) {
      await ctx.startMonitor();
      return `SIGKILL monitor ${pid}, restarted at once`;
    }
    ctx.restartAfter = ctx.step + rnd.int(1, 8);
    return `SIGKILL monitor ${pid}, restart at step ${ctx.restartAfter}`;
  },
  killLoad: async (ctx) => {
    const pid = await ctx.monitorPid();
    if (!pid) return 'kill load (no monitor)';
    const loads = childrenOf(pid).filter((c) => / (load|remove-file|sync) /.test(`${c.cmd} `));
    for (const child of loads) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // finished first
      }
    }
    return `SIGKILL ${loads.length} delegated child(ren) of the monitor`;
  },
  restartWatchman: async (ctx) => {
    await ctx.watchman.restart();
    return 'Watchman killed and restarted';
  },
  busyStore: async (ctx, rnd) => {
    const holdMs = rnd.int(300, 2500);
    const holder = spawn(process.execPath, [holdStoreLock, path.join(ctx.root, '.heimdall', 'memory.db'), String(holdMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const locked = await new Promise((resolve) => {
      holder.stdout.on('data', () => resolve(true));
      holder.on('close', () => resolve(false));
    });
    ctx.background.push(new Promise((resolve) => (holder.exitCode !== null ? resolve() : holder.on('close', resolve))));
    return locked ? `store write-locked for ${holdMs} ms` : 'busy store (could not lock)';
  },
  concurrentSync: async (ctx, rnd) => {
    const args = rnd.chance(0.5) ? ['sync'] : ['sync', '--since', 'HEAD~1'];
    const child = spawn(process.execPath, [ctx.bin, ...args, '--project-root', ctx.root], { env: { ...process.env, ...ctx.env }, stdio: 'ignore' });
    ctx.background.push(new Promise((resolve) => child.on('close', resolve)));
    return `heimdall ${args.join(' ')} racing the monitor`;
  },
};
