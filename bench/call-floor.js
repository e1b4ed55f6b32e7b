#!/usr/bin/env node
// The per-call floor of a delegated command: `load` of one unchanged file, next to `node -e 0`, interleaved in one
// run so that a busy machine hits every side alike: the ratio is the figure (goal: at most 1.5). Two cases:
//   monitor  a monitor's child exactly as the executor runs it (executor/command-argv.ts: `node bin/heimdall.js
//            load --project-root R --files-from - -0 --json`, the path on stdin, HEIMDALL_PARENT_PID set, so the
//            parent watchdog starts); it reads the monitor's config snapshot;
//   hand     `node bin/heimdall.js load ...` without a snapshot (a hand-run `load`): it reads .heimdall/config.yaml.
//   BENCH_RUNS (default 20) rounds; BENCH_BASE=/path/to/another/checkout (built) runs that checkout too (its own
//   executor argv and bin), on the same project, for a before/after in one run.
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configTemplate } from '../dist/config/defaults.js';
import { configSnapshotVariable, writeConfigSnapshot } from '../dist/config/config-snapshot.js';
import { loadConfig } from '../dist/config/load-config.js';
import { heimdallBin, median, report, runMeasured, tempProject, writeCorpus } from './lib.js';

const runs = Number(process.env.BENCH_RUNS ?? 20);
const checkouts = { after: path.resolve(path.dirname(heimdallBin), '..') };
if (process.env.BENCH_BASE) checkouts.before = path.resolve(process.env.BENCH_BASE);

// The children's CPU time (user + system) of every child reaped so far, in ms: /proc/self/stat fields 16 and 17.
const ticksPerMs = 100 / 1000;
function childrenCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / ticksPerMs;
}

// One project per version: an older checkout refuses a store of a newer schema.
const projects = [];
async function setUp(checkout) {
  const bin = path.join(checkout, 'bin', 'heimdall.js');
  const project = tempProject('heimdall-bench-floor-');
  projects.push(project);
  // `heimdall init`'s file, but for the keys an older checkout (BENCH_BASE) would refuse.
  const template = configTemplate().split('\n').filter((line) => !/^\s*warm_start:/.test(line)).join('\n');
  writeFileSync(path.join(project.root, '.heimdall', 'config.yaml'), template);
  const [rel] = writeCorpus(project.docsDir, 1);
  // Older than the racy window: an unchanged file's load then writes nothing, in every round.
  const old = new Date(Date.now() - 3600_000);
  utimesSync(path.join(project.root, rel), old, old);
  const snapshot = path.join(project.root, '.heimdall', 'snapshot.json');
  const config = loadConfig(project.root);
  writeConfigSnapshot(snapshot, config);
  const { commandArgv } = await import(path.join(checkout, 'dist', 'executor', 'command-argv.js'));
  const cases = {
    monitor: { argv: commandArgv(config, 'load'), env: { HEIMDALL_PARENT_PID: String(process.pid), HEIMDALL_PROJECT_ROOT: project.root, [configSnapshotVariable]: snapshot } },
    hand: { argv: [process.execPath, bin, 'load', '--project-root', project.root, '--files-from', '-', '-0', '--json'], env: { [configSnapshotVariable]: '' } },
  };
  return { project, rel, cases };
}
try {
  const sides = { node: { argv: [process.execPath, '-e', '0'], env: {}, cwd: process.cwd(), input: '' } };
  for (const [version, checkout] of Object.entries(checkouts)) {
    const { project, rel, cases } = await setUp(checkout);
    const first = await runMeasured(cases.hand.argv, { cwd: project.root, input: `${rel}\0`, env: cases.hand.env });
    if (JSON.parse(first.stdout).summary.loaded !== 1) throw new Error(`the first load did not load: ${first.stdout}${first.stderr}`);
    for (const [caller, { argv, env }] of Object.entries(cases)) sides[`${version}-${caller}`] = { argv, env, cwd: project.root, input: `${rel}\0` };
  }
  const samples = Object.fromEntries(Object.keys(sides).map((name) => [name, { wallMs: [], cpuMs: [], peakRssMb: [] }]));
  for (let i = 0; i < runs; i++) {
    for (const [name, side] of Object.entries(sides)) {
      const cpuBefore = childrenCpuMs();
      const run = await runMeasured(side.argv, { cwd: side.cwd, input: side.input, env: side.env });
      const cpu = childrenCpuMs() - cpuBefore;
      if (run.code !== 0) throw new Error(`${name}: exit ${run.code ?? run.signal}: ${run.stderr}`);
      if (name !== 'node' && JSON.parse(run.stdout).summary.unchanged !== 1) throw new Error(`${name}: not unchanged: ${run.stdout}`);
      samples[name].wallMs.push(run.wallMs);
      samples[name].cpuMs.push(cpu);
      samples[name].peakRssMb.push(run.peakRssMb);
    }
  }
  const nodeWall = median(samples.node.wallMs);
  // The mean, not the median: the kernel counts CPU time in 10 ms ticks.
  const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
  const nodeCpu = mean(samples.node.cpuMs);
  const figures = {};
  for (const [name, sample] of Object.entries(samples)) {
    const wall = median(sample.wallMs);
    const cpu = mean(sample.cpuMs);
    figures[name] = {
      wallMs: Math.round(wall),
      ratio: Math.round((wall / nodeWall) * 100) / 100,
      cpuMs: Math.round(cpu),
      cpuRatio: nodeCpu > 0 ? Math.round((cpu / nodeCpu) * 100) / 100 : null,
      peakRssMb: Math.round(median(sample.peakRssMb)),
    };
  }
  report('call-floor', { runs, ...figures, goalRatio: 1.5 });
} finally {
  for (const project of projects) project.cleanup();
}
