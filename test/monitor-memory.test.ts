// The monitor stays light: nothing heavy in its import graph or in the live process,
// resident memory under 50 MB, flat over events. HEIMDALL_SOAK=1 runs the 100,000-event
// version (minutes); the default run is seconds.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { heimdall, makeProject, repoRoot, type Project } from './helpers/project.js';
import { monitorTools, privateWatchman, type MonitorTools } from './helpers/watchman-server.js';

const watchman = privateWatchman(test);
const wmTest = watchman.test;

const forbidden = [/^yargs/, /^execa/, /^yaml/, /^better-sqlite3/, /^mdast-/, /^micromark/, /^commonmark/, /dist\/config\/load-config\.js$/, /dist\/cli\/main\.js$/, /dist\/cli\/(?!(route|watch-main)\.js$)/, /dist\/store\//, /dist\/markdown\//, /dist\/load\//];

/** Every module reachable from `entry` through static imports, dynamic imports and require() of literals. */
function importGraph(entry: string) {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const specifiers = [
      ...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm),
      ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
      ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
      ...source.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g),
    ].map((match) => match[1]);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
      else seen.add(specifier);
    }
  };
  visit(entry);
  return [...seen].map((item) => (item.startsWith('/') ? path.relative(repoRoot, item) : item));
}

test("the monitor's import graph holds nothing heavy", (t) => {
  const graph = importGraph(path.join(repoRoot, 'dist', 'cli', 'watch-main.js'));
  t.true(graph.includes('dist/executor/create-executor.js'), 'the walk reaches the executor');
  t.true(graph.includes('fb-watchman'));
  for (const item of graph) {
    t.false(forbidden.some((pattern) => pattern.test(item)), `the monitor imports ${item}`);
  }
  const packages = graph.filter((item) => !item.startsWith('dist/') && !item.startsWith('node:'));
  // picomatch is loaded on demand, only for ignore patterns that really are globs (docs-matcher.ts).
  t.deepEqual(packages.sort(), ['fb-watchman']);
});

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

async function burst(project: Project, m: MonitorTools, writes: number, files = 500) {
  for (let i = 0; i < writes; i++) {
    project.write(`.heimdall/docs/d${i % 20}/doc-${i % files}.md`, `# Doc ${i % files}\n\nwrite ${i}\n`);
    if (i % 500 === 499) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await m.wait(300);
  // Let the collection after the last batch and Node's own housekeeping settle.
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

wmTest('the live monitor: no store, no parser, no yargs; under 50 MB and flat across events', async (t) => {
  const soak = process.env.HEIMDALL_SOAK === '1';
  const project = makeProject(t);
  const m = await monitorTools(t, project, watchman.server, { heimdall, env: { HEIMDALL_DEBUG_MODULES: '1' } });
  const pid = await m.start();
  await m.wait();

  // Two warm-up bursts: after one, RSS was seen still short of its steady state (46.1 MB, against 47.8-48.2 MB
  // after more), so the growth measured from it was the warm-up's own, not the events'.
  await burst(project, m, soak ? 20_000 : 2000);
  await burst(project, m, soak ? 10_000 : 2000);
  const warm = rssOf(pid);
  await burst(project, m, soak ? 100_000 : 3000);
  const end = rssOf(pid);

  const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  t.false(maps.includes('better_sqlite3.node'), 'the SQLite addon is not mapped');
  const status = await m.status();
  // Every script the monitor compiled, ES modules included (asked last: it is not free).
  const { controlRequest } = await import('../dist/watch/control-request.js');
  const reply = await controlRequest(project.root, { op: 'modules' }, 10_000);
  const loaded = (reply as { modules: string[] }).modules.map((file) => (file.startsWith(`${repoRoot}/`) ? path.relative(repoRoot, file) : file));
  t.true(loaded.includes('dist/cli/watch-main.js') && loaded.includes('dist/executor/create-executor.js'), 'the list holds the ES modules');
  for (const file of loaded.filter((item) => item.startsWith('dist/'))) t.false(forbidden.some((pattern) => pattern.test(file)), `the monitor loaded ${file}`);
  const packages = new Set(loaded.map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]).filter(Boolean));
  t.deepEqual([...packages].sort(), ['bser', 'fb-watchman', 'node-int64'], 'fb-watchman and its own dependencies, nothing else');

  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  t.log(`RSS after warm-up ${mb(warm)} MB, at the end ${mb(end)} MB (${status.monitor.events} events, ${status.monitor.batches} batches)`);
  t.true(end < 50 * 1024 * 1024, `RSS ${mb(end)} MB`);
  t.true(end - warm <= 1024 * 1024, `grew ${mb(end - warm)} MB after the warm-up`);
});

test("the bin's flags for `watch` are the monitor's flags", async (t) => {
  const { heimdallBin } = await import('./helpers/project.js');
  const { monitorNodeFlags } = await import('../dist/watch/monitor-node-flags.js');
  const line = readFileSync(heimdallBin, 'utf8').split('\n')[1];
  t.deepEqual(/exec node (.*?) "\$0"/.exec(line)![1].split(' '), [...monitorNodeFlags]);
});

wmTest('a foreground `heimdall watch`, run as users run it (the bin), stays under 50 MB in one process', async (t) => {
  const { execa } = await import('execa');
  const { heimdallBin, waitFor } = await import('./helpers/project.js');
  const project = makeProject(t);
  // The bin itself, not `node bin/heimdall.js`: its sh line execs node with the flags, keeping the pid.
  const child = execa(heimdallBin, ['watch', '--project-root', project.root], { env: watchman.server.env, reject: false });
  t.teardown(() => child.kill('SIGKILL'));
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  await waitFor(async () => (await heimdall(['monitor', 'status'], { cwd: project.root, env: watchman.server.env })).exitCode === 0, { timeout: 30_000, what: 'the foreground monitor' });
  t.is((await m.status()).pid, child.pid, 'sh exec-ed node: one process, the same pid');
  t.regex(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8'), /--lite-mode/);
  await m.wait();
  await burst(project, m, 2000);
  const rss = rssOf(child.pid!);
  t.log(`foreground monitor RSS ${(rss / 1024 / 1024).toFixed(1)} MB`);
  t.true(rss < 50 * 1024 * 1024, `RSS ${(rss / 1024 / 1024).toFixed(1)} MB`);
  child.kill('SIGTERM');
  t.is((await child).exitCode, 0);
});
