#!/usr/bin/env node
// 5,000 changed docs files through the executor in batches vs one `heimdall load <file>` subprocess per file
// (the seed's design), side by side. Run after `npx tsc -p .`:  node bench/executor-bench.js
// BENCH_FILES (default 5000) and BENCH_SAMPLE (default 200) shrink it for a quick look. The per-file mode is
// measured on a sample and extrapolated (it would take minutes); the output says so.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseConfig } from '../dist/config/parse-config.js';
import { createExecutor } from '../dist/executor/create-executor.js';

const run = promisify(execFile);
const files = Number(process.env.BENCH_FILES ?? 5000);
const sample = Math.min(files, Number(process.env.BENCH_SAMPLE ?? 200));
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'heimdall.js');

/** A project with `count` small markdown files under .heimdall/docs; returns its root and the relative paths. */
function makeProject(count) {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'heimdall-bench-')));
  const rels = [];
  for (let i = 0; i < count; i++) {
    const rel = `.heimdall/docs/section-${i % 50}/note-${i}.md`;
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), `# Note ${i}\n\nThis is note number ${i}. It mentions topic-${i % 97} and keeps things short.\n`);
    rels.push(rel);
  }
  return { root, rels };
}

async function batched(count) {
  const { root, rels } = makeProject(count);
  try {
    const config = parseConfig({}, root, null, {});
    const executor = createExecutor({ config, log: (line) => process.stderr.write(`  ${line}\n`) });
    const started = performance.now();
    const outcome = await executor.submit(rels.map((rel) => ({ path: rel, deleted: false })));
    const wallMs = performance.now() - started;
    await executor.stop();
    if (outcome.applied !== count) throw new Error(`batched: ${outcome.applied} of ${count} applied; first failure: ${JSON.stringify(outcome.failed[0])}`);
    return { wallMs: Math.round(wallMs), calls: executor.stats().calls, batchSize: config.executor.batchSize };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function perFile(count) {
  const { root, rels } = makeProject(count);
  try {
    const started = performance.now();
    for (const rel of rels) {
      const { stdout } = await run(process.execPath, [bin, 'load', '--project-root', root, '--json', rel], { cwd: root });
      if (JSON.parse(stdout).summary.loaded !== 1) throw new Error(`per-file: ${rel} not loaded: ${stdout}`);
    }
    return performance.now() - started;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

process.stderr.write(`batched: ${files} files through the executor...\n`);
const batch = await batched(files);
process.stderr.write(`batched: ${batch.wallMs} ms in ${batch.calls} call(s)\n`);
process.stderr.write(`per-file: ${sample} files, one subprocess each...\n`);
const sampleMs = await perFile(sample);
const extrapolatedMs = Math.round((sampleMs / sample) * files);
const extrapolated = sample < files;
process.stderr.write(
  `per-file: ${Math.round(sampleMs)} ms for ${sample} files (${(sampleMs / sample).toFixed(1)} ms each)` +
    (extrapolated ? `; EXTRAPOLATED from those ${sample} to ${files} files: ${extrapolatedMs} ms\n` : '\n'),
);
const ratio = Math.round((extrapolatedMs / batch.wallMs) * 10) / 10;
process.stderr.write(`ratio: ${ratio}x (goal >= 50)\n`);
process.stdout.write(
  `${JSON.stringify({
    bench: 'executor',
    files,
    batched: batch,
    perFile: { wallMs: extrapolatedMs, extrapolated, sampleFiles: sample, sampleWallMs: Math.round(sampleMs) },
    ratio,
    goal: 50,
  })}\n`,
);
