// Seeded chaos run: `npm run test:chaos -- --seed N --ops K [--store sqlite|postgres] [--keep] [--quiet]`.
// Random edits, git commands and faults against two projects of one repository, each with its
// monitor, the hooks syncing in the background; then each store must equal its docs on disk.
// `--store postgres`: both projects' config.yaml name one private PostgreSQL cluster's database
// (store.url, a namespace each), and the faults are that mode's own (the server restarted, no SQLite lock).
// A difference prints the seed and the operation log to replay it. The last JSON line
// ({"chaos": ...}) counts what the run really did.
import { lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, appendFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRandom, type Random } from './prng.js';
import { docsOnDisk, compareWithStore } from './disk-truth.js';
import { operations, restoreMode } from './operations.js';
import { gitOperations } from './git-operations.js';
import { faults } from './faults.js';
import { processesOf, waitForHookSyncs } from './processes.js';
import { bypassesPermissions, rerunWithoutPermissionBypass } from './privileges.js';
import { createTally, hookRuns, treeFingerprint } from './tally.js';
import { createWorld, setUpWorld, type ChaosProject, type World } from './world.js';
import { chaosServer, namespacesIn, serveCluster, startChaosCluster } from './pg-server.js';
import { startWatchmanServer, watchmanAvailable } from '../helpers/watchman-server.js';

const { values } = parseArgs({
  options: { seed: { type: 'string' }, ops: { type: 'string', default: '150' }, store: { type: 'string', default: 'sqlite' }, keep: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } },
});
if (values.store !== 'sqlite' && values.store !== 'postgres') throw new Error(`--store: sqlite or postgres, not ${values.store}`);
const storeKind = values.store;
// The process that starts the cluster keeps it (pg-server.ts): the re-run below reaches it over a channel.
const cluster = storeKind === 'postgres' && process.env.HEIMDALL_CHAOS_RERUN !== '1' ? await startChaosCluster() : null;
const rerun = await rerunWithoutPermissionBypass(cluster === null ? undefined : serveCluster(cluster.cluster));
if (rerun !== null) {
  await cluster?.cluster.destroy();
  process.exit(rerun);
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repoRoot, 'bin', 'heimdall.js');
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const opCount = Number(values.ops);

type Drawn = keyof typeof allOperations | keyof typeof faults;
// SQLite's draws, in this order, are what its CI seeds replay: a change here changes every seed's run.
const sqliteWeights: Partial<Record<Drawn, number>> = {
  create: 10, modify: 10, sameSizeEdit: 3, emptyFile: 2, editScope: 2, remove: 6, rename: 5, move: 4, moveOut: 3, moveIn: 3, chmod: 2, symlinkIn: 2, symlinkOut: 2, burst: 1,
  commit: 5, switchBranch: 4, backToBack: 2, merge: 3, rebase: 3, stash: 2, clean: 1,
  killMonitor: 2, killLoad: 2, restartWatchman: 1, busyStore: 2, concurrentSync: 2,
};
// PostgreSQL has no store file to hold locked (busyStore); its own fault is the server restarted.
const { busyStore: _sqliteOnly, ...postgresShared } = sqliteWeights;
const weights = storeKind === 'sqlite' ? sqliteWeights : { ...postgresShared, restartServer: 2 };
/** The fault kinds this mode draws: the report's "every drawn kind injected" is checked against them. */
const faultKinds = Object.keys(weights).filter((name) => name in faults);
const allOperations = { ...operations, ...gitOperations };
// The background hook syncs and the monitors' last batches must end before the comparison.
const settleMs = 180_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Mode 000 files left anywhere in the tree (moved since their chmod): readable again for the comparison. */
function restoreEveryMode(dir: string) {
  for (const name of readdirSync(dir)) {
    if (name === '.git') continue;
    const abs = path.join(dir, name);
    const stat = lstatSync(abs);
    if (stat.isDirectory()) restoreEveryMode(abs);
    else if (stat.isFile() && (stat.mode & 0o777) === 0) restoreMode(abs);
  }
}

const isFault = (name: string): name is keyof typeof faults => name in faults;

async function step(ctx: World, rnd: Random, tally: ReturnType<typeof createTally>, log: string[]) {
  for (const p of ctx.projects) {
    if (p.restartAfter !== null && p.restartAfter <= ctx.step) {
      p.restartAfter = null;
      await ctx.startMonitor(p);
      log.push(`${ctx.step} monitor of ${p.name} restarted`);
    }
  }
  for (const due of ctx.later.filter((entry) => entry.at <= ctx.step)) due.run();
  ctx.later = ctx.later.filter((entry) => entry.at > ctx.step);
  const name = rnd.weighted(weights as Record<Drawn, number>);
  const p = rnd.pick(ctx.projects);
  const started = Date.now();
  let description;
  if (isFault(name)) {
    const result = await faults[name](ctx, rnd, p);
    tally.fault(name, result.injected);
    description = `${result.log}${result.injected ? '' : ' [not injected]'}`;
  } else {
    const before = treeFingerprint(ctx.repo, ctx.env);
    try {
      description = await allOperations[name](ctx, rnd, p);
    } catch (error) {
      // A git command may have emptied a folder under an operation's feet: that is the harness's race, not heimdall's.
      if (!(error as NodeJS.ErrnoException).code) throw error;
      description = `${name} (skipped: ${(error as NodeJS.ErrnoException).code})`;
    }
    const changed = treeFingerprint(ctx.repo, ctx.env) !== before;
    tally.operation(name, changed);
    if (!changed) description += ' [no-op]';
  }
  const took = Date.now() - started;
  log.push(`${ctx.step} ${description}${took > 1000 ? ` (took ${took} ms)` : ''}`);
  if (rnd.chance(0.3)) await sleep(rnd.int(0, 150));
}

/**
 * What the projects' logs (the monitors' and the hook syncs') say of the calls the PostgreSQL server failed: the
 * executor quotes each failed call's error, and a server down or restarting is a temporary one (exit 75, retried).
 */
function postgresFailures(projects: ChaosProject[]) {
  let temporary = 0;
  let gaveUp = 0;
  for (const p of projects) {
    const dir = path.join(p.root, '.heimdall', 'logs');
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
        if (/ \| heimdall: .*PostgreSQL (store|server) .*a retry may succeed/.test(line)) temporary++;
        if (/gave up after \d+ attempt/.test(line)) gaveUp++;
      }
    }
  }
  return { temporaryFailures: temporary, gaveUp };
}

/** What the final comparison counted (docs and stored null: the run broke before it). */
interface Compared {
  docs: number | null;
  stored: number | null;
  byProject: Record<string, { docs: number; stored: number; hooks: ReturnType<typeof hookRuns> }>;
  settleSeconds?: Record<string, number>;
  /** PostgreSQL mode: the database's namespaces (live sources each), and the projects where a SQLite file appeared. */
  postgres?: { namespaces: Record<string, number>; sqliteFiles: string[] } & ReturnType<typeof postgresFailures>;
}

/** After the last operation: every sync done, then each store against its own disk. */
async function settleAndCompare(ctx: World) {
  const { projects, differences } = ctx;
  const each = <T>(work: (p: ChaosProject) => Promise<T>) => Promise.all(projects.map(work));
  const timing: Record<string, number> = {};
  const time = (key: string, since: number) => (timing[key] = Math.round((timing[key] ?? 0) * 10 + (Date.now() - since) / 100) / 10);
  const startedAt = Date.now();
  for (const entry of ctx.later) entry.run();
  restoreEveryMode(ctx.repo);
  await Promise.all(ctx.background);
  time('background', startedAt);
  const monitorsFrom = Date.now();
  await each(async (p) => {
    if (p.restartAfter !== null || (await ctx.monitorPid(p)) === null) await ctx.startMonitor(p);
  });
  time('monitorStarts', monitorsFrom);
  const deadline = Date.now() + settleMs;
  // Twice: a monitor's batch may end after a hook sync that waited for it, and the other way round.
  for (let round = 0; round < 2; round++) {
    const hooksFrom = Date.now();
    const left = await waitForHookSyncs(ctx.repo, Math.max(0, deadline - Date.now()));
    time('hookSyncs', hooksFrom);
    for (const q of left) differences.push(`a background hook sync still ran ${settleMs / 1000} s after the last operation: pid ${q.pid} ${q.cmd}`);
    const waitFrom = Date.now();
    await each(async (p) => {
      const wait = await ctx.cliAsync(p, ['monitor', 'wait', '--timeout', String(Math.max(5, Math.round((deadline - Date.now()) / 1000)))]);
      if (wait.code !== 0) differences.push(`monitor wait of ${p.name} failed (${wait.code}): ${wait.stderr.trim()}`);
    });
    time('monitorWaits', waitFrom);
  }
  const compareFrom = Date.now();
  const compared: Compared & { docs: number; stored: number } = { docs: 0, stored: 0, byProject: {}, settleSeconds: timing };
  const listed = await each(async (p) => {
    const r = await ctx.cliAsync(p, ['sources', '--json']);
    if (r.code !== 0) throw new Error(`sources of ${p.name} failed (${r.code}): ${r.stderr}`);
    return JSON.parse(r.stdout).sources;
  });
  projects.forEach((p, i) => {
    const disk = docsOnDisk(p.root);
    for (const line of compareWithStore(disk, listed[i])) differences.push(`${p.name}: ${line}`);
    compared.docs += disk.truth.size;
    compared.stored += listed[i].length;
    compared.byProject[p.name] = { docs: disk.truth.size, stored: listed[i].length, hooks: hookRuns(p.root) };
  });
  if (ctx.server !== null) {
    // Every process used the database under its project's namespace: a store.project lost on the way (a default
    // namespace) would show here. A SQLite file is counted, not a difference: a load that read config.yaml in the
    // instant editScope truncated it in place saw no store.url (the next catch-up sync brings the database up to date).
    const namespaces = await namespacesIn(ctx.server.url);
    const expected = projects.map((p) => p.namespace).sort();
    if (JSON.stringify(Object.keys(namespaces)) !== JSON.stringify(expected)) differences.push(`the database's namespaces are ${JSON.stringify(namespaces)}, not ${JSON.stringify(expected)}`);
    const sqliteFiles = projects.filter((p) => existsSync(path.join(p.root, '.heimdall', 'memory.db'))).map((p) => p.name);
    compared.postgres = { namespaces, sqliteFiles, ...postgresFailures(projects) };
  }
  time('compare', compareFrom);
  const stopFrom = Date.now();
  await each(async (p) => {
    const stopped = await ctx.cliAsync(p, ['monitor', 'stop']);
    if (stopped.code !== 0) differences.push(`monitor stop of ${p.name} failed: ${stopped.stderr}`);
  });
  for (const q of processesOf(ctx.repo)) differences.push(`left running: pid ${q.pid} ${q.cmd}`);
  await each(async (p) => {
    const again = await ctx.cliAsync(p, ['monitor', 'start', '--timeout', '30']);
    if (again.code !== 0) differences.push(`the next monitor of ${p.name} did not start at once: ${again.stderr}`);
    await ctx.cliAsync(p, ['monitor', 'stop']);
  });
  time('stopStartStop', stopFrom);
  return compared;
}

async function main() {
  if (!watchmanAvailable()) throw new Error('the chaos run needs watchman');
  const rnd = createRandom(seed);
  const repo = realpathSync(mkdtempSync(path.join(tmpdir(), 'heimdall-chaos-')));
  // The stall seam's flag files live apart from the repository, so that arming one is no change the monitors see.
  const seamDir = realpathSync(mkdtempSync(path.join(tmpdir(), 'heimdall-chaos-seam-')));
  const watchman = await startWatchmanServer();
  const tally = createTally();
  const ctx = createWorld({ repo, bin, watchman, note: tally.note, seamDir, server: storeKind === 'postgres' ? chaosServer(cluster) : null });
  const log: string[] = [];
  const startedAt = Date.now();
  const seconds: Record<string, number> = {};
  const lap = (phase: string, since: number) => (seconds[phase] = Math.round((Date.now() - since) / 100) / 10);
  let ok = false;
  let compared: Compared = { docs: null, stored: null, byProject: {} };
  try {
    await setUpWorld(ctx, rnd);
    lap('setup', startedAt);
    const opsStarted = Date.now();
    for (ctx.step = 1; ctx.step <= opCount; ctx.step++) await step(ctx, rnd, tally, log);
    lap('operations', opsStarted);
    const settleStarted = Date.now();
    compared = await settleAndCompare(ctx);
    lap('settle', settleStarted);
    ok = ctx.differences.length === 0;
  } finally {
    await Promise.all(ctx.projects.map((p) => ctx.cliAsync(p, ['monitor', 'stop'])));
    await watchman.stop();
    if (cluster !== null) await cluster.cluster.destroy();
    const figures = {
      seed, ops: opCount, store: storeKind, faultKinds, projects: ctx.projects.map((p) => p.name), unprivileged: !bypassesPermissions(),
      ...tally.figures(), ...compared, seconds: { ...seconds, total: Math.round((Date.now() - startedAt) / 1000) }, differences: ctx.differences.length, ok,
    };
    if (!ok) {
      process.stdout.write(`chaos run FAILED; replay with: npm run test:chaos -- --seed ${seed} --ops ${opCount}\n`);
      for (const line of ctx.differences) process.stdout.write(`  ${line}\n`);
      process.stdout.write('operation log:\n');
      for (const line of log) process.stdout.write(`  ${line}\n`);
    } else if (!values.quiet) {
      process.stdout.write('operation log:\n');
      for (const line of log) process.stdout.write(`  ${line}\n`);
      process.stdout.write(`${log.length} steps, each store equals its docs on disk\n`);
    }
    process.stdout.write(`${JSON.stringify({ chaos: figures })}\n`);
    if (process.env.HEIMDALL_CHAOS_SUMMARY) appendFileSync(process.env.HEIMDALL_CHAOS_SUMMARY, `${JSON.stringify(figures)}\n`);
    if (values.keep) process.stdout.write(`kept ${repo}\n`);
    else if (existsSync(repo)) rmSync(repo, { recursive: true, force: true });
    rmSync(seamDir, { recursive: true, force: true });
  }
  return ok ? 0 : 1;
}

process.exitCode = await main().catch((error) => {
  process.stderr.write(`chaos run error (seed ${seed}): ${(error as Error).stack}\n`);
  return 1;
});
