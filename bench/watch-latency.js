#!/usr/bin/env node
// Latency from a file write to its memory being searchable through the monitor
// (`heimdall monitor start`, a private Watchman server, the real `load`): BENCH_EDITS
// edits (default 200), one at a time, each writing a unique word; the store is polled
// in-process every 5 ms for it. Prints p50/p95/max as a JSON line (goal: p95 < 500 ms).
import path from 'node:path';
import { openExistingStore } from '../dist/store/open-existing-store.js';
import { searchMemories } from '../dist/recall/search-memories.js';
import { runHeimdall } from '../dist/watch/run-heimdall.js';
import { nodeFlags } from '../dist/watch/monitor-start.js';
import { median, percentile, report, writeCorpus } from './lib.js';
import { monitorBenchSetup } from './monitor-bench-setup.js';
import { writeFileSync } from 'node:fs';

const edits = Number(process.env.BENCH_EDITS ?? 200);
const files = 20;

const { server, project, heimdall } = await monitorBenchSetup('bench/watch-latency.js', 'heimdall-bench-latency-');

let store = null;
try {
  const rels = writeCorpus(project.docsDir, files);
  await heimdall('monitor', 'start');
  await heimdall('monitor', 'wait', '--timeout', '120');
  store = openExistingStore(project.root);
  if (store === null) throw new Error('no store after the catch-up');
  const latencies = [];
  for (let i = 0; i < edits; i++) {
    const word = `latency${i}q${Math.random().toString(36).slice(2, 8)}`;
    const rel = rels[i % files];
    const started = performance.now();
    writeFileSync(path.join(project.root, rel), `# Edit ${i}\n\nThis edit says ${word} once.\n`);
    const deadline = started + 30_000;
    while (searchMemories(store, word, { limit: 1 }).hits.length === 0) {
      if (performance.now() > deadline) throw new Error(`edit ${i} (${rel}) was not searchable within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    latencies.push(performance.now() - started);
  }
  const status = JSON.parse(await heimdall('monitor', 'status', '--json'));
  report('watch-latency', {
    edits,
    p50Ms: Math.round(median(latencies)),
    p95Ms: Math.round(percentile(latencies, 95)),
    maxMs: Math.round(Math.max(...latencies)),
    minMs: Math.round(Math.min(...latencies)),
    settleMs: status.settle.settleMs,
    executorCalls: status.stats.calls,
    loadCallP50Ms: status.stats.durationsMs.p50,
    loadCallP95Ms: status.stats.durationsMs.p95,
    flags: nodeFlags(),
    goalP95Ms: 500,
  });
} finally {
  store?.close();
  await runHeimdall(['monitor', 'stop', '--project-root', project.root]).done;
  await server.stop();
  project.cleanup();
}
