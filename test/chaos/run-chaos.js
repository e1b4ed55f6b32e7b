// Seeded chaos run: `npm run test:chaos -- --seed N --ops K [--keep]`.
// Random edits, git commands and faults against a running monitor; then the store must
// equal the docs on disk. A difference prints the seed and the operation log to replay it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, appendFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRandom } from './prng.js';
import { docsOnDisk, compareWithStore } from './disk-truth.js';
import { operations, prepareRepository } from './operations.js';
import { faults, processesMentioning } from './faults.js';
import { startWatchmanServer, watchmanAvailable } from '../helpers/watchman-server.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repoRoot, 'bin', 'heimdall.js');
const { values } = parseArgs({ options: { seed: { type: 'string' }, ops: { type: 'string', default: '150' }, keep: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } } });
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const opCount = Number(values.ops);

const weights = {
  create: 10, modify: 10, sameSizeEdit: 5, remove: 6, rename: 5, move: 4, moveOut: 3, moveIn: 3, chmod: 2, symlinkIn: 2, symlinkOut: 2,
  commit: 5, switchBranch: 4, merge: 2, rebase: 2, stash: 2, clean: 1, burst: 1,
  killMonitor: 2, killLoad: 2, restartWatchman: 1, busyStore: 2, concurrentSync: 2,
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  if (!watchmanAvailable()) throw new Error('the chaos run needs watchman');
  const rnd = createRandom(seed);
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'heimdall-chaos-')));
  const watchman = await startWatchmanServer();
  const env = {
    WATCHMAN_SOCK: watchman.sock,
    HEIMDALL_HOOKS_SYNC: '1',
    GIT_AUTHOR_NAME: 'chaos', GIT_AUTHOR_EMAIL: 'chaos@heimdall.invalid', GIT_COMMITTER_NAME: 'chaos', GIT_COMMITTER_EMAIL: 'chaos@heimdall.invalid',
  };
  const cli = (args, timeout = 180_000) => {
    const r = spawnSync(process.execPath, [bin, ...args, '--project-root', root], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout });
    return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  };
  const log = [];
  const counts = { operations: 0, faults: 0 };
  const ctx = {
    root, env, bin, watchman, step: 0, later: [], background: [], restartAfter: null,
    monitorPid: async () => {
      const r = cli(['monitor', 'status', '--json']);
      try {
        const status = JSON.parse(r.stdout);
        return status.running ? status.pid : null;
      } catch {
        return null;
      }
    },
    startMonitor: async () => {
      const r = cli(['monitor', 'start', '--timeout', '60']);
      if (r.code !== 0) throw new Error(`monitor start failed (${r.code}): ${r.stderr}`);
    },
    waitGone: async (pid) => {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        await sleep(20);
      }
      throw new Error(`pid ${pid} did not exit`);
    },
  };
  let ok = false;
  let differences = [];
  // What the final comparison covered: docs files on disk (the oracle) and sources in the store.
  let compared = { docs: null, stored: null };
  try {
    spawnSync('git', ['init', '-q', '-b', 'main', root]);
    cli(['init', '--no-hooks']);
    prepareRepository(root, rnd, env);
    const hooks = cli(['hooks', 'install']);
    if (hooks.code !== 0) throw new Error(`hooks install failed: ${hooks.stderr}`);
    await ctx.startMonitor();

    for (ctx.step = 1; ctx.step <= opCount; ctx.step++) {
      if (ctx.restartAfter === ctx.step) {
        ctx.restartAfter = null;
        await ctx.startMonitor();
        log.push(`${ctx.step} monitor restarted`);
      }
      const name = rnd.weighted(weights);
      const isFault = name in faults;
      let description;
      const opStarted = Date.now();
      try {
        description = isFault ? await faults[name](ctx, rnd) : operations[name](ctx, rnd);
      } catch (error) {
        // A git command may have emptied a folder under an operation's feet: that is the harness's race, not heimdall's.
        if (isFault || !error.code) throw error;
        description = `${name} (skipped: ${error.code})`;
      }
      counts[isFault ? 'faults' : 'operations']++;
      counts[name] = (counts[name] ?? 0) + 1;
      const took = Date.now() - opStarted;
      log.push(`${ctx.step} ${description}${took > 2000 ? ` (took ${took} ms)` : ''}`);
      if (rnd.chance(0.3)) await sleep(rnd.int(0, 150));
    }
    for (const restore of ctx.later) restore();
    await Promise.all(ctx.background);
    if (ctx.restartAfter !== null || (await ctx.monitorPid()) === null) await ctx.startMonitor();

    const wait = cli(['monitor', 'wait', '--timeout', '120']);
    if (wait.code !== 0) throw new Error(`monitor wait failed (${wait.code}): ${wait.stderr}`);
    const sources = JSON.parse(cli(['sources', '--json']).stdout).sources;
    const disk = docsOnDisk(root);
    differences = compareWithStore(disk, sources);
    compared = { docs: disk.truth.size, stored: sources.length };

    const stopped = cli(['monitor', 'stop']);
    if (stopped.code !== 0) differences.push(`monitor stop failed: ${stopped.stderr}`);
    const left = processesMentioning(root);
    for (const p of left) differences.push(`left running: pid ${p.pid} ${p.cmd}`);
    const again = cli(['monitor', 'start', '--timeout', '30']);
    if (again.code !== 0) differences.push(`the next monitor did not start at once: ${again.stderr}`);
    cli(['monitor', 'stop']);
    ok = differences.length === 0;
  } finally {
    cli(['monitor', 'stop']);
    await watchman.stop();
    const figures = { seed, ops: opCount, ...counts, ...compared, differences: differences.length, ok };
    process.stdout.write(`${JSON.stringify({ chaos: figures })}\n`);
    if (!ok) {
      process.stdout.write(`\nchaos run FAILED; replay with: npm run test:chaos -- --seed ${seed} --ops ${opCount}\n`);
      for (const line of differences) process.stdout.write(`  ${line}\n`);
      process.stdout.write('operation log:\n');
      for (const line of log) process.stdout.write(`  ${line}\n`);
    } else if (!values.quiet) {
      process.stdout.write(`${log.length} steps, store equals the docs on disk\n`);
    }
    if (process.env.HEIMDALL_CHAOS_SUMMARY) appendFileSync(process.env.HEIMDALL_CHAOS_SUMMARY, `${JSON.stringify(figures)}\n`);
    if (values.keep) process.stdout.write(`kept ${root}\n`);
    else if (existsSync(root)) rmSync(root, { recursive: true, force: true });
  }
  return ok ? 0 : 1;
}

process.exitCode = await main().catch((error) => {
  process.stderr.write(`chaos run error (seed ${seed}): ${error.stack}\n`);
  return 1;
});
