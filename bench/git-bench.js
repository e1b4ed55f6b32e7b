#!/usr/bin/env node
// Git integration benchmarks. Standalone: `npm run build && node bench/git-bench.js`; prints one JSON line per figure.
//   checkout_ms           `git checkout` between two branches that differ in every one of BENCH_DOCS docs (realistic
//                         multi-section markdown: lib.js's markdownDoc), without and with the hooks (goal: under 50 ms
//                         added), and how long the installed stub itself takes to exit (goal: 100 ms)
//   store_converged_ms    from the start of that checkout until the store equals the disk (goal: under 3 s): every
//                         doc of the new branch stored with its content hash and searchable by its branch's word, no
//                         doc of the old branch's left searchable; read from the SQLite store while the hook's
//                         background sync runs, every 25 ms. Apart: the switches back to versions the store kept
//                         (every round trip's but the first) and first visits (the first, then BENCH_FIRST_VISITS
//                         branches of docs no branch before had)
//   noop_full_sync_ms     `heimdall sync` of BENCH_SYNC_DOCS docs when nothing changed (goal: under 2 s), next to a
//                         sync that sends every file to load to be hashed (`--no-fast-path`), and their ratio
// Knobs: BENCH_DOCS (5000), BENCH_SYNC_DOCS (40000; 0 skips that figure), BENCH_RUNS (5), BENCH_KEEP=1 keeps the temp
// dirs; BENCH_CONVERGED_ONLY=1 skips the runs without hooks and the stub's figure; BENCH_BASE=/path/to/another/checkout (built) measures the checkout figures for that checkout's bin too, each
// of its switches right after ours (a before/after in one run).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repoRoot, 'bin', 'heimdall.js');
const { readStoredSources } = await import(path.join(repoRoot, 'dist', 'store', 'read-sources.js'));
const { markdownDoc } = await import('./lib.js');
const { default: Database } = await import('better-sqlite3');

const docsCount = Number(process.env.BENCH_DOCS ?? 5000);
const syncDocsCount = Number(process.env.BENCH_SYNC_DOCS ?? 40000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const convergedOnly = process.env.BENCH_CONVERGED_ONLY === '1';
// Switches to a branch of never-seen versions, after the round trips (BENCH_FIRST_VISITS, default 3).
const firstVisits = Number(process.env.BENCH_FIRST_VISITS ?? 3);
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@heimdall.invalid',
  GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@heimdall.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
};
delete env.HEIMDALL_HOOKS_SYNC; // the hooks' real (background) mode
delete env.HEIMDALL;

const emit = (record) => process.stdout.write(`${JSON.stringify({ bench: 'git', ...record })}\n`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (ms) => Math.round(ms * 10) / 10;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function run(cmd, args, cwd, options = {}) {
  const result = spawnSync(cmd, args, { cwd, env: options.env ?? env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0 && !options.allowFail) throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result;
}
const git = (cwd, ...args) => run('git', args, cwd).stdout.trim();
const timed = (fn) => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};
const heimdallWith = (heimdallBin) => (cwd, ...args) => run(process.execPath, [heimdallBin, ...args], cwd, { allowFail: true });
const heimdall = heimdallWith(bin);

function tempProject(prefix) {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  if (process.env.BENCH_KEEP !== '1') process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, '.heimdall', 'docs'), { recursive: true });
  writeFileSync(path.join(root, '.heimdall', '.gitignore'), 'memory.db*\nrun/\nlogs/\n');
  return root;
}

/**
 * `count` docs in 50 folders; `variant` changes every file's content. Returns {rel: sha1}. `realistic`: lib.js's
 * multi-section doc of ~1.5 KB, with its branch's word (`branchWord`) in a section of its own.
 */
function writeDocs(root, count, variant, { realistic = false } = {}) {
  const expected = new Map();
  const past = new Date(Date.now() - 120_000);
  for (let i = 0; i < count; i++) {
    const rel = `.heimdall/docs/d${i % 50}/doc-${i}.md`;
    const text = realistic
      ? `${markdownDoc(i, variant.length)}\n## Branch\n\nWritten on ${branchWord(variant)} for doc ${i}.\n`
      : `# Doc ${i} (${variant})\n\nSome words about topic ${i % 97} in variant ${variant}.\n\n## Details\n\nMore text ${i * 7}.\n`;
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    // Older than the indexing to come: a no-op sync then really is one (not "racily clean").
    utimesSync(file, past, past);
    expected.set(rel, createHash('sha1').update(text).digest('hex'));
  }
  return expected;
}

/** A word that only the docs of one branch hold. */
const branchWord = (branch) => `zqbranch${branch}`;

function storeEquals(root, expected) {
  const stored = readStoredSources(path.join(root, '.heimdall', 'memory.db'));
  if (stored.size !== expected.size) return false;
  for (const [rel, sha1] of expected) if (stored.get(rel)?.sha1 !== sha1) return false;
  return true;
}

/**
 * The checkout's check, on one read-only connection held open (WAL: it never blocks the sync): the live sources
 * are exactly `expected` (path and content hash), and searching the branch's word finds every one of them and the
 * other branch's word none. The search runs only once the hashes match (it reads the FTS index: ~10 ms).
 */
function storeWatcher(root) {
  let db = null;
  let sources = null;
  let hits = null;
  return {
    equals(expected, branch, otherBranch) {
      db ??= new Database(path.join(root, '.heimdall', 'memory.db'), { readonly: true, fileMustExist: true });
      sources ??= db.prepare('SELECT path, sha1 FROM sources WHERE removed_at_ms IS NULL');
      hits ??= db.prepare(
        `SELECT count(DISTINCT s.path) AS n FROM memories_fts JOIN memories m ON m.id = memories_fts.rowid
         JOIN sources s ON s.id = m.source_id WHERE memories_fts MATCH ? AND s.removed_at_ms IS NULL`,
      );
      const rows = sources.all();
      if (rows.length !== expected.size) return false;
      for (const { path: rel, sha1 } of rows) if (expected.get(rel) !== sha1) return false;
      return hits.get(branchWord(branch)).n === expected.size && hits.get(branchWord(otherBranch)).n === 0;
    },
    close: () => db?.close(),
  };
}

async function waitUntil(check, timeoutMs, what, pollMs = 20) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(pollMs);
  }
}

/** How many hook syncs have written their report to the project's sync.log. */
function syncsDone(root) {
  try {
    return readFileSync(path.join(root, '.heimdall', 'logs', 'sync.log'), 'utf8').split('\n').filter((line) => / sync: .*\d+ checked: /.test(line)).length;
  } catch {
    return 0;
  }
}

/** A repository with two branches differing in every doc, synced, its hooks installed by `heimdallBin`. */
function checkoutProject(heimdallBin) {
  const heimdall = heimdallWith(heimdallBin);
  const root = tempProject('heimdall-bench-git-');
  git(root, '-c', 'init.defaultBranch=main', 'init', '-q');
  const onMain = writeDocs(root, docsCount, 'main', { realistic: true });
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'main');
  git(root, 'checkout', '-q', '-b', 'other');
  const onOther = writeDocs(root, docsCount, 'other', { realistic: true });
  git(root, 'commit', '-q', '-a', '-m', 'other');
  const expected = { main: onMain, other: onOther };
  // Branches whose docs differ from both: a switch to one is a first visit (no version of its docs kept in the store).
  for (let k = 1; k <= firstVisits; k++) {
    git(root, 'checkout', '-q', '-b', `fresh${k}`, 'main');
    expected[`fresh${k}`] = writeDocs(root, docsCount, `fresh${k}`, { realistic: true });
    git(root, 'commit', '-q', '-a', '-m', `fresh${k}`);
  }
  git(root, 'checkout', '-q', 'main');

  const initial = timed(() => heimdall(root, 'sync'));
  if (!storeEquals(root, onMain)) throw new Error('the initial sync did not fill the store');
  const install = heimdall(root, 'hooks', 'install');
  if (install.status !== 0) throw new Error(install.stderr);
  return { root, expected, initial, current: 'main', store: storeWatcher(root), switches: 0, without: [], withHooks: [], converged: [], firsts: [] };
}

async function checkoutBench() {
  const sides = [{ name: null, ...checkoutProject(bin) }];
  if (process.env.BENCH_BASE) sides.push({ name: 'before', ...checkoutProject(path.join(path.resolve(process.env.BENCH_BASE), 'bin', 'heimdall.js')) });
  if (sides.length > 1) sides[0].name = 'after';

  // Interleaved, so that the machine's background load hits both sides alike: a round trip with the hooks
  // disabled (core.hooksPath pointing nowhere; the store stays right), then the same switch with them,
  // waiting for the store to follow.
  for (let i = 0; i < 2 * runs; i++) {
    for (const side of sides) {
      const { root, expected, current, store } = side;
      const noHooks = ['-c', `core.hooksPath=${path.join(root, 'no-hooks')}`];
      const target = current === 'main' ? 'other' : 'main';
      // The previous switch's sync has exited (its report is in the log) before the next one starts: it may still be
      // closing the store once the store already matched.
      await waitUntil(() => syncsDone(root) === side.switches, 60_000, 'the previous sync to finish');
      if (!convergedOnly) {
        side.without.push(timed(() => git(root, ...noHooks, 'checkout', '-q', target)));
        side.without.push(timed(() => git(root, ...noHooks, 'checkout', '-q', current)));
      }
      const started = performance.now();
      side.withHooks.push(timed(() => git(root, 'checkout', '-q', target)));
      side.switches++;
      await waitUntil(() => store.equals(expected[target], target, current), 120_000, `the store to match ${target}`, 25);
      side.converged.push(performance.now() - started);
      side.current = target;
    }
  }
  // First visits: to a branch none of whose docs' versions the store has seen (the main/other round trips above
  // are, after the first, switches back to versions the store kept).
  for (let k = 1; k <= firstVisits; k++) {
    for (const side of sides) {
      const { root, expected, current, store } = side;
      await waitUntil(() => syncsDone(root) === side.switches, 60_000, 'the previous sync to finish');
      const target = `fresh${k}`;
      const started = performance.now();
      git(root, 'checkout', '-q', target);
      side.switches++;
      await waitUntil(() => store.equals(expected[target], target, current), 120_000, `the store to match ${target}`, 25);
      side.firsts.push(performance.now() - started);
      side.current = target;
    }
  }
  for (const side of sides) await waitUntil(() => syncsDone(side.root) === side.switches, 60_000, 'the last sync to finish');
  for (const { name, without, withHooks, converged, firsts, initial, store } of sides) {
    store.close();
    const label = name === null ? {} : { version: name };
    if (!convergedOnly) emit({
      figure: 'checkout_ms',
      ...label,
      docs: docsCount,
      runs: 2 * runs,
      without_hooks_median: round(median(without)),
      with_hooks_median: round(median(withHooks)),
      added_median: round(median(withHooks) - median(without)),
      goal_added_under: 50,
    });
    // The round trips' first switch (to `other`) is a first visit too; the others switch back to kept versions.
    const returns = converged.slice(1);
    const visits = [converged[0], ...firsts];
    emit({
      figure: 'store_converged_ms',
      ...label,
      docs: docsCount,
      runs: converged.length,
      median: round(median(converged)),
      min: round(Math.min(...converged)),
      max: round(Math.max(...converged)),
      switch_back_runs: returns.length,
      switch_back_median: round(median(returns)),
      switch_back_max: round(Math.max(...returns)),
      first_visit_runs: visits.length,
      first_visit_median: round(median(visits)),
      first_visit_min: round(Math.min(...visits)),
      first_visit_max: round(Math.max(...visits)),
      goal_under: 3000,
      initial_full_sync_ms: round(initial),
      loadavg: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    });
  }
  if (convergedOnly) return;
  const { root } = sides[0];

  // The stub alone: from start to exit, with the sync it starts still running in the background.
  const head = git(root, 'rev-parse', 'HEAD');
  const stub = path.join(root, '.git', 'hooks', 'post-checkout');
  const stubTimes = [];
  for (let i = 0; i < 10; i++) {
    stubTimes.push(timed(() => run(stub, [head, head, '1'], root)));
    await sleep(400); // let the (no-op) background sync finish before the next sample
  }
  await sleep(1500);
  emit({ figure: 'hook_stub_exit_ms', median: round(median(stubTimes)), max: round(Math.max(...stubTimes)), goal_under: 100 });
}

async function noopSyncBench() {
  const root = tempProject('heimdall-bench-sync-');
  writeDocs(root, syncDocsCount, 'v1');
  const initial = timed(() => heimdall(root, 'sync'));
  const noop = [];
  const hashed = [];
  for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) {
    noop.push(timed(() => {
      const result = heimdall(root, 'sync', '--json');
      const report = JSON.parse(result.stdout);
      if (report.skipped !== syncDocsCount) throw new Error(`no-op sync skipped ${report.skipped} of ${syncDocsCount}`);
    }));
  }
  for (let i = 0; i < 2; i++) hashed.push(timed(() => heimdall(root, 'sync', '--no-fast-path')));
  emit({
    figure: 'noop_full_sync_ms',
    docs: syncDocsCount,
    fast_path_median: round(median(noop)),
    hash_every_file_median: round(median(hashed)),
    ratio: Math.round((median(hashed) / median(noop)) * 10) / 10,
    goal_under: 2000,
    initial_full_sync_ms: round(initial),
  });
}

await checkoutBench();
if (syncDocsCount > 0) await noopSyncBench();
