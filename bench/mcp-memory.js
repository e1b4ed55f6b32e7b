#!/usr/bin/env node
// Resident memory of `heimdall mcp` (stdio, the SDK's own client) across BENCH_CALLS tool calls (default
// 10,000) after BENCH_WARMUP (default 1,000): search, get, list and now and then status, on BENCH_FILES
// generated docs (default 200). Sampled every 100 ms from /proc; the growth is the reading at rest after
// the measured calls minus the one after the warm-up (goal: at most 2 MB). Every call keeps its answer
// fresh: by the server's own sync (default), or with BENCH_VIA=monitor through a monitor on a private
// Watchman. The server runs through the bin (as `npx heimdall mcp`); BENCH_NODE_FLAGS ("" for none) runs
// `node FLAGS bin/heimdall.js mcp` instead, to compare. Prints a JSON line.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { heimdallBin, median, report, slope, tempProject, writeCorpus } from './lib.js';
import { runHeimdall } from '../dist/watch/run-heimdall.js';

const calls = Number(process.env.BENCH_CALLS ?? 10_000);
const warmup = Number(process.env.BENCH_WARMUP ?? 1000);
const files = Number(process.env.BENCH_FILES ?? 200);
const via = process.env.BENCH_VIA === 'monitor' ? 'monitor' : 'sync';
const restMs = Number(process.env.BENCH_REST_MS ?? 1500);
const goalMb = 2;

const project = tempProject('heimdall-bench-mcp-');
let watchman = null;
const heimdall = async (...args) => {
  const run = await runHeimdall([...args, '--project-root', project.root]).done;
  if (run.code !== 0) throw new Error(`heimdall ${args.join(' ')}: exit ${run.code}: ${run.stderr}`);
  return run.stdout;
};
const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

try {
  writeFileSync(path.join(project.root, '.heimdall', 'config.yaml'), `mcp:\n  start_monitor: false\n  freshness_ms: 30000\n`);
  const rels = writeCorpus(project.docsDir, files);
  if (via === 'monitor') {
    const { startWatchmanServer, watchmanAvailable } = await import('../test/helpers/watchman-server.js');
    if (!watchmanAvailable()) throw new Error('BENCH_VIA=monitor needs watchman');
    watchman = await startWatchmanServer();
    process.env.WATCHMAN_SOCK = watchman.sock;
    await heimdall('monitor', 'start');
    await heimdall('monitor', 'wait', '--timeout', '300');
  } else {
    await heimdall('sync');
  }

  // The bin itself, as `npx heimdall mcp` runs it (its sh line sets the server's V8 flags), unless flags are chosen here.
  const nodeFlags = process.env.BENCH_NODE_FLAGS === undefined ? null : process.env.BENCH_NODE_FLAGS.split(/\s+/).filter(Boolean);
  const [command, ...args] = nodeFlags === null ? [heimdallBin] : [process.execPath, ...nodeFlags, heimdallBin];
  const transport = new StdioClientTransport({ command, args: [...args, 'mcp', '--project-root', project.root], env: { ...process.env }, stderr: 'inherit' });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  const pid = transport.pid;
  // What the server really runs with (the bin execs node in place: the same pid).
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  const serverFlags = argv.slice(1, argv.indexOf(heimdallBin));
  const words = ['watchman clock', 'batch store', 'memory section', 'heading branch', 'merge rebase', 'monitor executor', 'signal lock', 'docs search index'];
  let done = 0;
  let errors = 0;
  const call = async (i) => {
    const kind = i % 50 === 49 ? 'status' : ['search', 'search', 'get', 'list', 'search', 'get'][i % 6];
    const args =
      kind === 'search' ? { query: words[i % words.length], limit: 5 }
      : kind === 'get' ? (i % 2 === 0 ? { path: rels[i % files], heading: 'Part two' } : { path: rels[i % files], startLine: 3, endLine: 9 })
      : kind === 'list' ? { path: `d${String(i % 100).padStart(2, '0')}/**`, limit: 20 }
      : {};
    const result = await client.callTool({ name: kind, arguments: args });
    if (result.isError || result.structuredContent?.freshness?.fresh !== true) errors++;
    done++;
  };

  const samples = [];
  const started = Date.now();
  const sampler = setInterval(() => samples.push({ t: (Date.now() - started) / 1000, kb: rssKb(pid), done }), 100);
  const atRest = async () => {
    await new Promise((resolve) => setTimeout(resolve, restMs));
    return median(samples.slice(-10).map((s) => s.kb));
  };
  const startKb = rssKb(pid);
  for (let i = 0; i < warmup; i++) await call(i);
  const warmKb = await atRest();
  const measuredFrom = Date.now();
  const measuredAt = (measuredFrom - started) / 1000;
  for (let i = warmup; i < warmup + calls; i++) await call(i);
  const callMs = (Date.now() - measuredFrom) / calls;
  const endKb = await atRest();
  clearInterval(sampler);
  await client.close();
  const growthMb = +((endKb - warmKb) / 1024).toFixed(2);
  report('mcp-memory', {
    via,
    nodeFlags: serverFlags,
    files,
    warmup,
    calls,
    errors,
    rssStartMb: +(startKb / 1024).toFixed(1),
    rssAfterWarmupMb: +(warmKb / 1024).toFixed(1),
    rssEndMb: +(endKb / 1024).toFixed(1),
    rssMaxMb: +(Math.max(...samples.map((s) => s.kb)) / 1024).toFixed(1),
    growthAfterWarmupMb: growthMb,
    // Least squares over every sample of the measured calls: a leak shows as a steady slope, noise does not.
    slopeMbPer10kCalls: +slope(samples.filter((sample) => sample.t >= measuredAt), 'done', 10_000).toFixed(2),
    goalMb,
    withinGoal: growthMb <= goalMb,
    msPerCall: +callMs.toFixed(2),
    seconds: +((Date.now() - started) / 1000).toFixed(1),
  });
} finally {
  if (watchman !== null) {
    await runHeimdall(['monitor', 'stop', '--project-root', project.root]).done;
    await watchman.stop();
  }
  project.cleanup();
}
