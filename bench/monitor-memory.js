#!/usr/bin/env node
// Resident memory of the monitor (`heimdall monitor start`, a private Watchman server,
// the real `heimdall load`) sampled every 100 ms while file writes hit BENCH_FILES docs
// (default 1,000): BENCH_WARMUP writes (default 20,000), a reading at rest, then
// BENCH_EVENTS more writes (default 100,000) and a second reading at rest; the growth is
// the difference. Prints a JSON line and draws bench/out/monitor-memory.svg (copied to
// bench/monitor-memory.svg for the README).
// Knobs: HEIMDALL_MONITOR_NODE_FLAGS ("none", or a space-separated list) to compare V8
// flags; BENCH_REST_MS (default 1500) before each reading; BENCH_LOAD=stub for a fixture
// that answers at once instead of the real `load`; BENCH_KEEP=1 keeps the project (and
// its .heimdall/logs/monitor.log) for a look.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { median, repoRoot, report, slope, writeCorpus } from './lib.js';
import { runHeimdall } from '../dist/watch/run-heimdall.js';
import { nodeFlags } from '../dist/watch/monitor-start.js';
import { monitorBenchSetup } from './monitor-bench-setup.js';

const events = Number(process.env.BENCH_EVENTS ?? 100_000);
const files = Number(process.env.BENCH_FILES ?? 1000);
// Writes before the baseline reading; BENCH_EVENTS more are measured after it.
const warmup = Number(process.env.BENCH_WARMUP ?? 20_000);
const sampleMs = 100;
// How long the monitor rests before a reading: V8's memory reducer compacts an idle heap after ~8 s.
const restMs = Number(process.env.BENCH_REST_MS ?? 1500);

const { server, project, heimdall } = await monitorBenchSetup('bench/monitor-memory.js', 'heimdall-bench-monitor-');
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
/** V8's heap as the monitor reports it, in MB. */
const heap = (memory) => ({ heapTotalMb: +(memory.heapTotal / 1048576).toFixed(1), heapUsedMb: +(memory.heapUsed / 1048576).toFixed(1) });
/** Anonymous (heap) and file-backed (the node binary's pages) parts of RSS, in MB. */
const parts = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)[1]);
  return { anonMb: +(kb('RssAnon') / 1024).toFixed(1), fileMb: +(kb('RssFile') / 1024).toFixed(1) };
};

try {
  if (process.env.BENCH_LOAD === 'stub') {
    const succeed = path.join(repoRoot, 'test', 'fixtures', 'bin', 'succeed');
    writeFileSync(path.join(project.root, '.heimdall', 'config.yaml'), `executor:\n  load_command: [${JSON.stringify(succeed)}, load]\n  remove_command: [${JSON.stringify(succeed)}, remove-file]\n`);
  }
  const rels = writeCorpus(project.docsDir, files);
  await heimdall('monitor', 'start');
  const status = JSON.parse(await heimdall('monitor', 'status', '--json'));
  const pid = status.pid;
  await heimdall('monitor', 'wait', '--timeout', '300');

  const samples = [];
  let written = 0;
  const started = Date.now();
  const sampler = setInterval(() => samples.push({ t: (Date.now() - started) / 1000, kb: rss(pid), written }), sampleMs);
  const settle = async () => {
    await heimdall('monitor', 'wait', '--timeout', '600');
    await new Promise((resolve) => setTimeout(resolve, restMs));
    return median(samples.slice(-10).map((s) => s.kb));
  };
  const writeRound = async (count) => {
    for (let i = 0; i < count; i++, written++) {
      writeFileSync(path.join(project.root, rels[written % files]), `# Doc ${written % files}\n\nround ${Math.floor(written / files)}: ${written}\n`);
      // Spread the writes over time, as a busy editor or generator would, in bursts of 500.
      if (i % 500 === 499) await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const startKb = median(samples.slice(-5).map((s) => s.kb)) || rss(pid);
  await writeRound(warmup);
  const warmKb = await settle();
  const warmParts = { ...parts(pid), ...heap(JSON.parse(await heimdall('monitor', 'status', '--json')).memory) };
  const warmAt = (Date.now() - started) / 1000;
  await writeRound(events);
  const endKb = await settle();
  const endParts = { ...parts(pid), ...heap(JSON.parse(await heimdall('monitor', 'status', '--json')).memory) };
  clearInterval(sampler);
  const final = JSON.parse(await heimdall('monitor', 'status', '--json'));
  await heimdall('monitor', 'stop');

  const maxKb = Math.max(...samples.map((s) => s.kb));
  const figures = {
    warmup,
    events,
    files,
    flags: nodeFlags(),
    load: process.env.BENCH_LOAD === 'stub' ? 'stub' : 'heimdall load',
    rssStartMb: +(startKb / 1024).toFixed(1),
    rssAfterWarmupMb: +(warmKb / 1024).toFixed(1),
    rssEndMb: +(endKb / 1024).toFixed(1),
    rssMaxMb: +(maxKb / 1024).toFixed(1),
    growthAfterWarmupMb: +((endKb - warmKb) / 1024).toFixed(2),
    // Least squares over every sample after the warm-up: a leak shows as a steady slope, noise does not.
    slopeMbPer100kEvents: +slope(samples.filter((s) => s.t >= warmAt), 'written', 100_000).toFixed(2),
    afterWarmup: warmParts,
    end: endParts,
    monitorEvents: final.monitor.events,
    batches: final.monitor.batches,
    executorCalls: final.stats.calls,
    seconds: +((Date.now() - started) / 1000).toFixed(1),
  };
  report('monitor-memory', figures);
  mkdirSync(path.join(repoRoot, 'bench', 'out'), { recursive: true });
  const svgFile = path.join(repoRoot, 'bench', 'out', 'monitor-memory.svg');
  writeFileSync(svgFile, chart(samples, { warmAt, figures }));
  copyFileSync(svgFile, path.join(repoRoot, 'bench', 'monitor-memory.svg'));
  process.stderr.write(`chart: ${svgFile} (copied to bench/monitor-memory.svg)\n`);
} finally {
  await runHeimdall(['monitor', 'stop', '--project-root', project.root]).done;
  await server.stop();
  if (process.env.BENCH_KEEP === '1') process.stderr.write(`kept ${project.root}\n`);
  else project.cleanup();
}

/** RSS over time as a self-contained SVG: the 50 MB budget, the warm-up mark, and the writes made so far. */
function chart(samples, { warmAt, figures }) {
  const W = 760, H = 360, left = 56, right = 64, top = 40, bottom = 44;
  const tMax = Math.max(1, samples.at(-1)?.t ?? 1);
  const yMin = 30, yMax = 60;
  const x = (t) => left + (t / tMax) * (W - left - right);
  const y = (mb) => top + (1 - (mb - yMin) / (yMax - yMin)) * (H - top - bottom);
  const total = warmup + events;
  const yw = (n) => top + (1 - n / total) * (H - top - bottom);
  const rssLine = samples.map((s) => `${x(s.t).toFixed(1)},${y(s.kb / 1024).toFixed(1)}`).join(' ');
  const writesLine = samples.map((s) => `${x(s.t).toFixed(1)},${yw(s.written).toFixed(1)}`).join(' ');
  const gridY = [30, 35, 40, 45, 50, 55, 60].map((mb) => `<line x1="${left}" x2="${W - right}" y1="${y(mb)}" y2="${y(mb)}" stroke="#eee"/><text x="${left - 8}" y="${y(mb) + 4}" text-anchor="end">${mb}</text>`).join('');
  const ticks = Array.from({ length: 6 }, (_, i) => (tMax * i) / 5).map((t) => `<text x="${x(t)}" y="${H - bottom + 18}" text-anchor="middle">${t.toFixed(0)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${left}" y="20" font-size="14" font-weight="bold">heimdall monitor: resident memory: ${figures.warmup.toLocaleString('en')} writes of warm-up, then ${figures.events.toLocaleString('en')} (${figures.files} docs)</text>
${gridY}${ticks}
<line x1="${left}" x2="${W - right}" y1="${y(50)}" y2="${y(50)}" stroke="#c00" stroke-dasharray="6 4"/>
<text x="${W - right - 4}" y="${y(50) - 6}" text-anchor="end" fill="#c00">50 MB budget</text>
<line x1="${x(warmAt)}" x2="${x(warmAt)}" y1="${top}" y2="${H - bottom}" stroke="#999" stroke-dasharray="3 3"/>
<text x="${x(warmAt) + 4}" y="${top + 12}" fill="#666">end of warm-up</text>
<polyline points="${writesLine}" fill="none" stroke="#9bc" stroke-width="1.5"/>
<polyline points="${rssLine}" fill="none" stroke="#06c" stroke-width="2"/>
<text x="${W - right + 6}" y="${top + 4}" fill="#9bc">${(total / 1000).toFixed(0)}k</text>
<text x="${W - right + 6}" y="${H - bottom}" fill="#9bc">0 writes</text>
<text x="${(left + W - right) / 2}" y="${H - 8}" text-anchor="middle">seconds</text>
<text x="14" y="${(top + H - bottom) / 2}" transform="rotate(-90 14 ${(top + H - bottom) / 2})" text-anchor="middle">RSS (MB)</text>
<text x="${left + 8}" y="${H - bottom - 10}" fill="#333">after warm-up ${figures.rssAfterWarmupMb} MB, end ${figures.rssEndMb} MB (growth ${figures.growthAfterWarmupMb} MB), max ${figures.rssMaxMb} MB</text>
<text x="${left + 8}" y="${H - bottom - 26}" fill="#333">V8 flags: ${figures.flags.join(' ') || 'none'}</text>
</svg>
`;
}
