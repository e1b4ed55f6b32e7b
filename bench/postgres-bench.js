// The PostgreSQL store next to SQLite, in one run: a bulk ingest (`heimdall sync` of BENCH_PG_DOCS generated docs,
// a fresh store each) and the search latency (in-process, the same queries over the same docs in both stores).
// It starts a private cluster as the tests do (test/helpers/pg-cluster.ts: run under tsx, as bench/run-all.js does).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { heimdallBin, median, percentile, repoRoot, report, runMeasured, seededRandom, tempProject } from './lib.js';

const { startCluster } = await import(path.join(repoRoot, 'test/helpers/pg-cluster.ts'));
const { openStoreBackend } = await import(path.join(repoRoot, 'dist/store/open-backend.js'));
const { searchMemories } = await import(path.join(repoRoot, 'dist/recall/search-memories.js'));

const count = Number(process.env.BENCH_PG_DOCS ?? 2000);
const words = 'watchman clock settle batch executor retry backoff store sqlite postgres index memory search rank snippet heading title tag path migrate schema sync hook checkout merge rebase monitor daemon socket lock deadline timeout signal child process queue chunk transaction commit rollback replica primary namespace project remote branch diff candidate'.split(' ');
const rand = seededRandom(7);
const pick = () => words[Math.floor(rand() * words.length)];
const sentence = (n) => Array.from({ length: n }, pick).join(' ');

const cluster = await startCluster();
try {
  const sqlite = tempProject('heimdall-bench-pg-sqlite-');
  const { url } = await cluster.createDatabase();
  const postgres = tempProject('heimdall-bench-pg-');
  try {
    for (let i = 0; i < count; i++) {
      const sections = Array.from({ length: 4 }, () => `## ${sentence(2)}\n\n${sentence(40)}.\n\n${sentence(25)}.\n`).join('\n');
      const text = `# ${sentence(3)}\n\n${sentence(20)}.\n\n${sections}`;
      for (const project of [sqlite, postgres]) write(project, `.heimdall/docs/d${i % 50}/doc-${i}.md`, text);
    }
    write(postgres, '.heimdall/config.yaml', `store:\n  url: ${JSON.stringify(url)}\n  project: bench\n`);
    const ingest = {};
    for (const [name, project] of [['sqlite', sqlite], ['postgres', postgres]]) {
      const run = await runMeasured([process.execPath, heimdallBin, 'sync', '--json'], { cwd: project.root });
      if (run.code !== 0) throw new Error(`${name} sync failed (${run.code}): ${run.stderr}`);
      ingest[name] = run.wallMs;
    }
    const queries = [];
    for (let i = 0; i < 100; i++) queries.push(sentence(2), sentence(3), `${pick()} ${pick().slice(0, 4)}`);
    const latency = {};
    for (const [name, target] of [['sqlite', { kind: 'sqlite', file: path.join(sqlite.root, '.heimdall', 'memory.db') }], ['postgres', { kind: 'postgres', url, project: 'bench' }]]) {
      const store = await openStoreBackend(target, 'read');
      try {
        for (const q of queries.slice(0, 20)) await searchMemories(store, q, { limit: 10 });
        const times = [];
        for (const q of queries) {
          const t0 = performance.now();
          await searchMemories(store, q, { limit: 10 });
          times.push(performance.now() - t0);
        }
        latency[name] = { p50Ms: round(median(times)), p95Ms: round(percentile(times, 95)), memories: (await store.status()).memories };
      } finally {
        await store.close();
      }
    }
    for (const name of ['sqlite', 'postgres']) {
      report('store-backends', { store: name, docs: count, memories: latency[name].memories, syncSeconds: round(ingest[name] / 1000), searchP50Ms: latency[name].p50Ms, searchP95Ms: latency[name].p95Ms, queries: queries.length });
    }
  } finally {
    sqlite.cleanup();
    postgres.cleanup();
  }
} finally {
  await cluster.destroy();
}

function write(project, rel, text) {
  const file = path.join(project.root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function round(x) {
  return Math.round(x * 10) / 10;
}
