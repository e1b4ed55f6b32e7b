// Out of file descriptors (EMFILE): wherever it strikes (Node's module loader, the store's open, a docs file),
// the call fails as `too-many-files`, temporary (exit 75), with a message that says so; never a stack trace.
import test from 'ava';
import { execa } from 'execa';
import path from 'node:path';
import { heimdall, heimdallBin, makeProject, repoRoot } from './helpers/project.js';

const underLimit = (limit: number, args: string[], cwd: string) =>
  execa('sh', ['-c', `ulimit -n ${limit} && exec "$0" "$@"`, process.execPath, heimdallBin, ...args], { cwd, reject: false, timeout: 30_000 });

test('the CLI under a low `ulimit -n`: exit 0 or 75 with a clear message, never a crash', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nalpha\n', 'b.md': '# B\n\nbeta\n' } });
  t.is((await heimdall(['load', '.heimdall/docs'], { cwd: p.root })).exitCode, 0);
  p.write('.heimdall/docs/a.md', '# A\n\nalpha, edited\n');
  // Below ~20 Node itself cannot start (it fails reading the bin, before any of heimdall runs).
  const outcomes = [];
  for (const limit of [24, 28, 32, 36, 40, 44, 48]) {
    for (const args of [['load', '.heimdall/docs', '--json'], ['search', 'alpha']]) {
      const run = await underLimit(limit, args, p.root);
      outcomes.push(run.exitCode);
      const what = `ulimit -n ${limit}, ${args[0]}: exit ${run.exitCode}: ${run.stderr}`;
      t.true([0, 75].includes(run.exitCode!), what);
      t.notRegex(run.stderr, /\n\s+at /, `no stack trace: ${what}`);
      if (run.exitCode === 75) t.regex(run.stderr, /^heimdall: out of file descriptors \((EMFILE|ENFILE)[^)]*\): raise the limit \(`ulimit -n`\)/m, what);
    }
  }
  t.true(outcomes.includes(75), 'some limit was low enough to run out');
  const after = await heimdall(['load', '.heimdall/docs', '--json'], { cwd: p.root });
  t.is(after.exitCode, 0, 'with the usual limit the retry converges');
});

// In-process, with every descriptor taken: the store's open and a docs file's read.
const exhaust = `
import { openSync, closeSync } from 'node:fs';
import { Store } from ${JSON.stringify(`${repoRoot}/dist/store/store.js`)};
import { reconcilePaths } from ${JSON.stringify(`${repoRoot}/dist/load/reconcile-paths.js`)};
import { loadConfig } from ${JSON.stringify(`${repoRoot}/dist/config/load-config.js`)};
await import(${JSON.stringify(`${repoRoot}/dist/markdown/parse-markdown.js`)});
const [root, file] = process.argv.slice(1);
const config = loadConfig(root);
const open = new Store(file);
const held = [];
const takeAll = () => { try { for (;;) held.push(openSync('/dev/null', 'r')); } catch (error) { if (error.code !== 'EMFILE') throw error; } };
takeAll();
let opening;
try { new Store(file); opening = 'opened'; } catch (error) { opening = { code: error.code, exitCode: error.exitCode, message: error.message }; }
const [result] = await reconcilePaths(open, ['.heimdall/docs/a.md'], { config, cwd: root, mode: 'load' });
for (const fd of held) closeSync(fd);
open.close();
console.log(JSON.stringify({ held: held.length, opening, result }));
`;

test('no descriptor left: opening the store is too-many-files (75), and so is reading a docs file; nothing is lost', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nalpha\n' } });
  t.is((await heimdall(['load', '.heimdall/docs'], { cwd: p.root })).exitCode, 0);
  p.write('.heimdall/docs/a.md', '# A\n\nalpha, edited\n');
  const store = path.join(p.root, '.heimdall', 'memory.db');
  const run = await execa('sh', ['-c', 'ulimit -n 128 && exec "$0" "$@"', process.execPath, '--input-type=module', '-e', exhaust, p.root, store], { reject: false, timeout: 30_000 });
  t.is(run.exitCode, 0, run.stderr);
  const { held, opening, result } = JSON.parse(run.stdout);
  t.true(held > 0);
  t.like(opening, { code: 'too-many-files', exitCode: 75 });
  t.regex(opening.message, /^out of file descriptors \(EMFILE, opening .*memory\.db\)/);
  t.like(result, { path: '.heimdall/docs/a.md', action: 'failed', error: { code: 'too-many-files', permanent: false } });
  const sources = await heimdall(['search', 'edited', '--json'], { cwd: p.root });
  t.deepEqual(JSON.parse(sources.stdout).hits, [], 'the failed file kept its previous memories');
  t.is((await heimdall(['load', '.heimdall/docs'], { cwd: p.root })).exitCode, 0);
});
