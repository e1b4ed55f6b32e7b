#!/usr/bin/env node
// Latency from a file write to its memory being searchable through the monitor
// (`heimdall monitor start`, a private Watchman server, the real `load`): BENCH_EDITS
// edits (default 200), one at a time, each writing a unique word; the store is polled
// in-process every 5 ms for it. Prints p50/p95/max as a JSON line (goal: p95 < 250 ms).
// BENCH_BASE=/path/to/another/checkout (built) runs a second monitor from that checkout on a
// project of its own, edits alternating between the two: a before/after in one run, with the
// machine's load hitting both alike.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openExistingStore } from '../dist/store/open-existing-store.js';
import { searchMemories } from '../dist/recall/search-memories.js';
import { nodeFlags } from '../dist/watch/monitor-start.js';
import { median, percentile, report, tempProject, writeCorpus } from './lib.js';
import { monitorBenchSetup } from './monitor-bench-setup.js';

const edits = Number(process.env.BENCH_EDITS ?? 200);
// Quiet time before each edit (BENCH_EDIT_GAP_MS): 0 is edits back to back, each as soon as the one before is
// searchable, so the child started ahead after a batch is often still starting when the next batch comes; a person
// saving files is seconds apart, and 1000 measures that case.
const gapMs = Number(process.env.BENCH_EDIT_GAP_MS ?? 0);
const files = 20;

const { server, project, heimdall } = await monitorBenchSetup('bench/watch-latency.js', 'heimdall-bench-latency-');
const sides = [{ name: 'after', project, heimdall, checkout: null }];
if (process.env.BENCH_BASE) {
  const checkout = path.resolve(process.env.BENCH_BASE);
  const { runHeimdall } = await import(path.join(checkout, 'dist', 'watch', 'run-heimdall.js'));
  const other = tempProject('heimdall-bench-latency-base-');
  const run = async (...args) => {
    const result = await runHeimdall([...args, '--project-root', other.root]).done;
    if (result.code !== 0) throw new Error(`(base) heimdall ${args.join(' ')}: exit ${result.code}: ${result.stderr}`);
    return result.stdout;
  };
  sides.push({ name: 'before', project: other, heimdall: run, checkout });
}

try {
  for (const side of sides) {
    side.rels = writeCorpus(side.project.docsDir, files);
    await side.heimdall('monitor', 'start');
    await side.heimdall('monitor', 'wait', '--timeout', '120');
    side.store = openExistingStore(side.project.root);
    if (side.store === null) throw new Error(`${side.name}: no store after the catch-up`);
    side.latencies = [];
  }
  for (let i = 0; i < edits; i++) {
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    for (const side of sides) {
      const word = `latency${i}q${Math.random().toString(36).slice(2, 8)}`;
      const rel = side.rels[i % files];
      const started = performance.now();
      writeFileSync(path.join(side.project.root, rel), `# Edit ${i}\n\nThis edit says ${word} once.\n`);
      const deadline = started + 30_000;
      while ((await searchMemories(side.store.search, word, { limit: 1 })).hits.length === 0) {
        if (performance.now() > deadline) throw new Error(`${side.name}: edit ${i} (${rel}) was not searchable within 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      side.latencies.push(performance.now() - started);
    }
  }
  const figures = {};
  for (const side of sides) {
    const status = JSON.parse(await side.heimdall('monitor', 'status', '--json'));
    figures[side.name] = {
      p50Ms: Math.round(median(side.latencies)),
      p95Ms: Math.round(percentile(side.latencies, 95)),
      maxMs: Math.round(Math.max(...side.latencies)),
      minMs: Math.round(Math.min(...side.latencies)),
      settleMs: status.settle.settleMs,
      executorCalls: status.stats.calls,
      loadCallP50Ms: status.stats.durationsMs.p50,
      loadCallP95Ms: status.stats.durationsMs.p95,
    };
  }
  const single = sides.length === 1 ? figures.after : figures;
  report('watch-latency', { edits, gapMs, ...single, flags: nodeFlags(), goalP95Ms: 250 });
} finally {
  for (const side of sides) {
    side.store?.close();
    await side.heimdall('monitor', 'stop').catch(() => {});
    if (side.project !== project) side.project.cleanup();
  }
  await server.stop();
  project.cleanup();
}
