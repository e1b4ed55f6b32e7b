// Foundation benchmark: one `heimdall load` of a 10,000-file corpus (files/s, peak RSS),
// the per-call floor (a load of one unchanged file), and the same chunks inserted into
// a bare FTS5 table as the reference.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tempProject, writeCorpus, runMeasured, heimdallBin, median, report, repoRoot } from './lib.js';

const count = Number(process.env.BENCH_FILES ?? 10_000);
const project = tempProject();
try {
  const rels = writeCorpus(project.docsDir, count);
  const load = await runMeasured([process.execPath, heimdallBin, 'load', '--files-from', '-', '-0', '--json'], { cwd: project.root, input: rels.join('\0') });
  const summary = JSON.parse(load.stdout).summary;
  if (summary.loaded !== count) throw new Error(`expected ${count} loaded, got ${JSON.stringify(summary)}`);

  const floors = [];
  for (let i = 0; i < 15; i++) floors.push((await runMeasured([process.execPath, heimdallBin, 'load', rels[0], '--json'], { cwd: project.root })).wallMs);
  const nodeFloor = [];
  for (let i = 0; i < 15; i++) nodeFloor.push((await runMeasured([process.execPath, '-e', '0'])).wallMs);

  // Reference: the same memories, parsed in-process, into a bare FTS5 table in one transaction.
  const { parseMarkdown } = await import(path.join(repoRoot, 'dist/markdown/parse-markdown.js'));
  const Database = createRequire(import.meta.url)('better-sqlite3');
  const started = performance.now();
  const db = new Database(path.join(project.root, 'bare.db'));
  db.exec("CREATE VIRTUAL TABLE fts USING fts5(text, heading)");
  const insert = db.prepare('INSERT INTO fts (text, heading) VALUES (?, ?)');
  db.transaction(() => {
    for (const rel of rels) for (const m of parseMarkdown(readFileSync(path.join(project.root, rel), 'utf8')).memories) insert.run(m.text, m.heading);
  })();
  db.close();
  const bareMs = performance.now() - started;

  report('load', {
    files: count,
    wallMs: Math.round(load.wallMs),
    filesPerSecond: Math.round(count / (load.wallMs / 1000)),
    peakRssMb: Math.round(load.peakRssMb),
    unchangedOneFileMs: Math.round(median(floors)),
    nodeStartMs: Math.round(median(nodeFloor)),
    bareFts5Ms: Math.round(bareMs),
    ratioToBareFts5: Math.round((load.wallMs / bareMs) * 100) / 100,
  });
} finally {
  project.cleanup();
}
