// Faults injected between operations: processes killed, Watchman restarted, the store held busy
// (SQLite), the PostgreSQL server restarted, and syncs racing the monitor. Each says whether it was really injected (a kill that found
// nothing to kill is an attempt, not a fault), so the report counts what the run exercised.
import { mkdirSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { isDescendantOf, parentOf } from './processes.js';
import { docsScope } from './disk-truth.js';
import { docText, docsDirs, inScope, listFiles, outsideDir, sharedDir } from './operations.js';
import { createRandom, type Random } from './prng.js';
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

/** The store's stall seam (src/store/test-stall.ts): the first load to reach its (N+1)th write takes `flag` and stalls there. */
const armStall = (flag: string, n: number) => writeFileSync(flag, String(n));

/** Takes the flag back; false if a load took it first. */
function disarmStall(flag: string): boolean {
  try {
    renameSync(flag, `${flag}.off`);
    unlinkSync(`${flag}.off`);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Waits, bounded, for a load to take the flag (renamed to FLAG.<pid> just before it stalls): its pid, or null. */
async function stalledPid(flag: string, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  const prefix = `${path.basename(flag)}.`;
  for (;;) {
    const name = readdirSync(path.dirname(flag)).find((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)));
    if (name !== undefined) {
      unlinkSync(path.join(path.dirname(flag), name));
      return Number(name.slice(prefix.length));
    }
    if (Date.now() > deadline) return null;
    await sleep(10);
  }
}

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
    // A load killed certainly mid-write, in its transaction: the store's stall seam (HEIMDALL_TEST_STALL_ONCE,
    // which only the monitors' environment carries) is armed to stall the (N+1)th write of the first load
    // that gets there, and a few docs are edited. The load that takes the flag (the monitor's own, or its
    // catch-up sync's) is inside that file's write when it gets SIGKILL; the monitor must retry the batch.
    // Should no load write that many files in time (the edits split over batches, or out of scope), the
    // seam is armed again for any write and one doc in scope is written again.
    const { pid, started } = await runningMonitor(ctx, p);
    if (!pid) return attempted(`kill load of ${p.name}: no monitor`);
    // Drawn in the order of the earlier, unseamed version of this fault, so that the CI seeds replay as they did.
    const files = listFiles(p.root, docsDirs, { writable: true });
    const edits: Array<{ rel: string; text?: string }> = [];
    for (let i = rnd.int(3, 8); i > 0 && files.length > 0; i--) {
      const rel = files.splice(rnd.int(0, files.length - 1), 1)[0];
      edits.push({ rel, text: docText(rnd, rel) });
    }
    const scope = docsScope(p.root);
    const writes = edits.filter(({ rel }) => inScope(rel, scope)).length;
    let stallAt = rnd.int(0, Math.max(0, writes - 1));
    const since = Date.now();
    armStall(p.stallFlag, stallAt);
    for (const { rel, text } of edits) writeFileSync(path.join(p.root, rel), text!);
    let stalled = writes > 0 ? await stalledPid(p.stallFlag, 10_000) : null;
    if (stalled === null && disarmStall(p.stallFlag)) {
      stallAt = 0;
      armStall(p.stallFlag, stallAt);
      // Whether this second try happens depends on timing, and the seed's later steps must not: it
      // rewrites a doc that exists (the file lists later steps draw from stay as they are), with text
      // of a generator of its own. Only with no doc in scope at all does it create one.
      const existing = listFiles(p.root, [...docsDirs, outsideDir], { writable: true, ext: /\.md$/ }).filter((file) => inScope(file, scope));
      const dir = scope.targets.find((target) => target !== sharedDir) ?? scope.targets[0];
      const rel = existing[ctx.step % Math.max(1, existing.length)] ?? `${dir}/stall-${ctx.step}.md`;
      mkdirSync(path.dirname(path.join(p.root, rel)), { recursive: true });
      writeFileSync(path.join(p.root, rel), docText(createRandom(ctx.step), `${rel} again`));
      edits.push({ rel });
      stalled = await stalledPid(p.stallFlag, 20_000);
      if (stalled === null && disarmStall(p.stallFlag)) return attempted(`kill load of ${p.name}: no load of monitor ${pid} wrote within 30 s of ${edits.length} edits${started}`);
    }
    // Disarmed too late: a load took the flag meanwhile, and is about to say so.
    stalled ??= await stalledPid(p.stallFlag, 5000);
    if (stalled === null) return attempted(`kill load of ${p.name}: the stall seam was taken, by no pid`);
    const whose = parentOf(stalled) === pid ? 'its own' : isDescendantOf(stalled, pid) ? "its catch-up sync's" : null;
    const what = `load ${stalled} stalled in its write ${stallAt + 1}, ${Date.now() - since} ms after ${edits.length} edits`;
    try {
      process.kill(stalled, 'SIGKILL');
    } catch {
      return attempted(`kill load of ${p.name}: ${what}, gone before the signal`);
    }
    await ctx.waitGone(stalled);
    if (whose === null) return attempted(`kill load of ${p.name}: ${what}, not a call of monitor ${pid} (killed all the same)`);
    return injected(`SIGKILL ${what}: ${whose} call of monitor ${pid} (${p.name})${started}`);
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
  restartServer: async (ctx, rnd, p) => {
    // The PostgreSQL server goes down (a fast shutdown, or a crash: every server process SIGKILLed) with a few
    // docs edited just after, so that the monitor's loads of them certainly run while it is down (and the hook
    // syncs or a catch-up running then): each must fail temporary (exit 75) and be retried or caught up later.
    // It is up again before the step ends: the next operations' own CLI calls (sameSizeEdit's) need the store.
    if (ctx.server === null) return attempted('restart the PostgreSQL server: the store is SQLite');
    const how = rnd.chance(0.5) ? 'fast' : 'kill';
    const files = listFiles(p.root, docsDirs, { writable: true });
    const edits: Array<{ rel: string; text: string }> = [];
    for (let i = rnd.int(1, 4); i > 0 && files.length > 0; i--) {
      const rel = files.splice(rnd.int(0, files.length - 1), 1)[0]!;
      edits.push({ rel, text: docText(rnd, rel) });
    }
    const downMs = rnd.int(1500, 4000);
    await ctx.server.down(how);
    for (const { rel, text } of edits) writeFileSync(path.join(p.root, rel), text);
    await sleep(downMs);
    await ctx.server.up();
    ctx.note('serverRestarts', how);
    return injected(`PostgreSQL server ${how === 'fast' ? 'shut down (fast)' : 'killed (SIGKILL, every process)'}, ${edits.length} doc(s) of ${p.name} edited (${edits.map(({ rel }) => rel).join(', ')}), up again after ${downMs} ms`);
  },
  concurrentSync: async (ctx, rnd, p) => {
    const args = rnd.chance(0.5) ? ['sync'] : ['sync', '--since', 'HEAD~1'];
    const child = spawn(process.execPath, [ctx.bin, ...args, '--project-root', p.root], { cwd: p.root, env: ctx.childEnv, stdio: 'ignore' });
    if (child.pid === undefined) return attempted(`heimdall ${args.join(' ')} (${p.name}) did not start`);
    ctx.background.push(new Promise((resolve) => child.on('close', resolve)));
    return injected(`heimdall ${args.join(' ')} (${p.name}) racing the monitor`);
  },
} satisfies Record<string, Fault>;
