#!/usr/bin/env node
// Bulk ingest: one `heimdall load --files-from - -0 --json` (the call the executor makes) of ~7,000 reference pages
// of 5 to 10 short sections (bench/reference-pages.js), against a bare FTS5 insert of the same memories, side by
// side in one run, and a full `heimdall sync` of them (two lanes of `load` calls). BENCH_BASE=<git rev> also builds
// that commit in a temp dir (git archive + tsc, with this checkout's node_modules, or BENCH_BASE_NODE_MODULES: one
// holding that commit's dependencies, when they differ) and times its `load` on the same files, interleaved with this
// one's: the old and the new on the same machine state.
// BENCH_FILES (default 7000) and BENCH_RUNS (default 3, the median is reported) shrink it.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { heimdallBin, median, repoRoot, report, runMeasured, tempProject } from './lib.js';
import { writeReferencePages } from './reference-pages.js';

const count = Number(process.env.BENCH_FILES ?? 7000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const base = process.env.BENCH_BASE;
const Database = createRequire(import.meta.url)('better-sqlite3');

const project = tempProject('heimdall-bench-bulk-');
const built = base === undefined ? null : buildBase(base);
try {
  const rels = writeReferencePages(project.docsDir, count);
  const input = rels.join('\0');
  const bins = { current: heimdallBin, ...(built === null ? {} : { base: built.bin }) };
  const times = Object.fromEntries(Object.keys(bins).map((name) => [name, []]));
  let peakRssMb = 0;
  for (let run = 0; run < runs; run++) {
    for (const [name, bin] of Object.entries(bins)) {
      rmSync(path.join(project.root, '.heimdall', 'memory.db'), { force: true });
      for (const suffix of ['-wal', '-shm']) rmSync(path.join(project.root, '.heimdall', `memory.db${suffix}`), { force: true });
      const load = await runMeasured([process.execPath, bin, 'load', '--files-from', '-', '-0', '--json'], { cwd: project.root, input });
      const summary = JSON.parse(load.stdout).summary;
      if (summary.loaded !== count) throw new Error(`${name}: expected ${count} loaded, got ${JSON.stringify(summary)} ${load.stderr}`);
      times[name].push(load.wallMs);
      if (name === 'current') peakRssMb = Math.max(peakRssMb, load.peakRssMb);
    }
  }

  // The same ingest as a user starts it on a new project: a full `heimdall sync`, which splits the files between two
  // lanes of `load` calls on a machine of two cores or more (sync-lanes.ts), from an empty store each run.
  const syncTimes = [];
  for (let run = 0; run < runs; run++) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(path.join(project.root, '.heimdall', `memory.db${suffix}`), { force: true });
    const sync = await runMeasured([process.execPath, heimdallBin, 'sync', '--json'], { cwd: project.root });
    const summary = JSON.parse(sync.stdout).summary;
    if (summary.loaded !== count) throw new Error(`sync: expected ${count} loaded, got ${JSON.stringify(summary)} ${sync.stderr}`);
    syncTimes.push(sync.wallMs);
  }

  // The references: the same memories (parsed beforehand, not timed) into a bare FTS5 table in one transaction,
  // then into a table like heimdall's (its six columns, the porter stemmer, the prefix indexes).
  const { parseMarkdown } = await import(path.join(repoRoot, 'dist/markdown/parse-markdown.js'));
  const parsed = rels.map((rel) => parseMarkdown(readFileSync(path.join(project.root, rel), 'utf8')).memories).flat();
  const bare = (schema, row) => {
    const samples = [];
    for (let run = 0; run < runs; run++) {
      const file = path.join(project.root, `bare-${run}.db`);
      const started = performance.now();
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.exec(`CREATE VIRTUAL TABLE fts USING fts5(${schema})`);
      const columns = schema.split(',').filter((c) => !c.includes('=')).length;
      const insert = db.prepare(`INSERT INTO fts VALUES (${Array(columns).fill('?').join(', ')})`);
      db.transaction(() => {
        for (const m of parsed) insert.run(...row(m));
      })();
      db.close();
      samples.push(performance.now() - started);
      rmSync(file, { force: true });
    }
    return median(samples);
  };
  const bareMs = bare('text, heading', (m) => [m.text, m.heading]);
  const likeHeimdallMs = bare("text, heading, title, tags, path, parts, tokenize='porter unicode61 remove_diacritics 2', prefix='3 4'", (m) => [m.text, m.heading, '', '', '', '']);

  const loadMs = median(times.current);
  const figures = {
    files: count,
    memories: parsed.length,
    runs,
    loadMs: Math.round(loadMs),
    filesPerSecond: Math.round(count / (loadMs / 1000)),
    peakRssMb: Math.round(peakRssMb),
    bareFts5Ms: Math.round(bareMs),
    ratioToBareFts5: round(loadMs / bareMs),
    goalRatioToBareFts5: 4,
    likeHeimdallFts5Ms: Math.round(likeHeimdallMs),
    ratioToLikeHeimdallFts5: round(loadMs / likeHeimdallMs),
    syncMs: Math.round(median(syncTimes)),
    syncFilesPerSecond: Math.round(count / (median(syncTimes) / 1000)),
    syncRatioToBareFts5: round(median(syncTimes) / bareMs),
  };
  if (built !== null) {
    const baseMs = median(times.base);
    Object.assign(figures, { base, baseLoadMs: Math.round(baseMs), baseFilesPerSecond: Math.round(count / (baseMs / 1000)), speedupOverBase: round(baseMs / loadMs), goalSpeedupOverBase: 3 });
  }
  report('bulk-load', figures);
} finally {
  project.cleanup();
  built?.cleanup();
}

/** `rev` built in a temp dir: its tree from git, this checkout's node_modules, its own tsc. */
function buildBase(rev) {
  const dir = mkdtempSync(path.join(tmpdir(), 'heimdall-bench-base-'));
  try {
    execFileSync('sh', ['-c', `git -C "$1" archive "$2" | tar -x -C "$3"`, 'sh', repoRoot, rev, dir]);
    symlinkSync(process.env.BENCH_BASE_NODE_MODULES ?? path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(dir, 'tsconfig.json')], { stdio: 'inherit' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { bin: path.join(dir, 'bin', 'heimdall.js'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function round(x) {
  return Math.round(x * 100) / 100;
}
