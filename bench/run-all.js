// `npm run bench`: runs every benchmark script in turn and collects their JSON lines
// into bench/out/results.json (the README's figures come from there).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib.js';

const scripts = ['load-bench.js', 'bulk-load-bench.js', 'call-floor.js', 'executor-bench.js', 'git-bench.js', 'monitor-memory.js', 'watch-latency.js', 'recall-bench.js', 'mcp-memory.js', 'postgres-bench.js'];
const only = process.argv.slice(2);
const results = [];
let failed = 0;
for (const script of scripts) {
  if (only.length > 0 && !only.some((name) => script.startsWith(name))) continue;
  const file = path.join(repoRoot, 'bench', script);
  if (!existsSync(file)) continue;
  process.stderr.write(`== ${script}\n`);
  // tsx: monitor-bench-setup.js and mcp-memory.js use the tests' Watchman helper, which is TypeScript.
  const run = spawnSync(process.execPath, ['--import=tsx', file], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(run.stdout);
  for (const line of run.stdout.split('\n')) {
    try {
      if (line.startsWith('{')) results.push(JSON.parse(line));
    } catch {
      // not a figure line
    }
  }
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`${script} exited with ${run.status ?? run.signal}\n`);
  }
}
mkdirSync(path.join(repoRoot, 'bench', 'out'), { recursive: true });
writeFileSync(path.join(repoRoot, 'bench', 'out', 'results.json'), `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
process.exitCode = failed > 0 ? 1 : 0;
