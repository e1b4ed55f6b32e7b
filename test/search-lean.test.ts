// `heimdall search ... --json` takes a lean entry (src/cli/search-main.ts), without yargs; every other argv goes to
// yargs. Both answer alike: the same JSON, the same errors and exit codes.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { execa } from 'execa';
import { searchArgs } from '../dist/cli/search-main.js';
import { heimdall, heimdallBin, makeProject, repoRoot, tempDir } from './helpers/project.js';

const preload = path.join(repoRoot, 'test', 'helpers', 'loaded-scripts-at-exit.cjs');
const docs = {
  'ops.md': '---\ntags: [ops]\n---\n# Operations\n\n## Watchman clocks\n\nThe monitor saves the clock after each batch.\n',
  'runbooks/db.md': '# Database\n\nThe clock of the replica lags.\n',
};

test('a search with --json loads no yargs and no ES module, and answers what yargs answers (a repeated --path sends it there)', async (t) => {
  const p = makeProject(t, { docs });
  t.is((await heimdall(['sync'], { cwd: p.root })).exitCode, 0);
  const list = path.join(tempDir(t), 'scripts.json');
  const lean = await execa(process.execPath, ['--require', preload, heimdallBin, 'search', 'clock', '--path', '**', '-n', '5', '--json'], {
    cwd: p.root,
    env: { LOADED_SCRIPTS_FILE: list },
    reject: false,
  });
  t.is(lean.exitCode, 0, lean.stderr);
  const { scripts, builtins }: { scripts: string[]; builtins: string[] } = JSON.parse(readFileSync(list, 'utf8'));
  t.deepEqual(scripts.filter((file) => /node_modules\/(yargs|cliui|string-width)\//.test(file)), []);
  t.true(scripts.some((file) => file.endsWith('dist/lean/search-main.cjs')), 'the lean entry answered, bundled (scripts/bundle-lean.js)');
  // The bin, route.cjs and the bundle are CommonJS: no ES module loader ran (~14 ms a call).
  t.false(builtins.includes('internal/modules/esm/module_job'), 'the ES module loader ran');
  // Required through V8's code cache (require-bundle.ts), written beside the bundle by the first call.
  t.true(readdirSync(path.join(repoRoot, 'dist', 'lean')).some((name) => /^search-main\.cjs\..*\.v8cache$/.test(name)));
  const viaYargs = await heimdall(['search', 'clock', '--path', '**', '--path', '**', '--limit', '5', '--json'], { cwd: p.root });
  t.is(viaYargs.exitCode, 0, viaYargs.stderr);
  t.deepEqual(JSON.parse(lean.stdout), JSON.parse(viaYargs.stdout));
  t.is(JSON.parse(lean.stdout).hits.length, 2);
  const tagged = await heimdall(['search', 'clock', '--tag', 'ops', '--json'], { cwd: p.root });
  t.deepEqual(JSON.parse(tagged.stdout).hits.map((hit: { path: string }) => hit.path), ['.heimdall/docs/ops.md']);
});

test('its errors are yargs\' errors: only exclusions (2), no store yet (its own code), outside a project (2)', async (t) => {
  const p = makeProject(t, { docs });
  const nothing = await heimdall(['search', 'clock', '--json'], { cwd: p.root });
  const nothingViaYargs = await heimdall(['search', 'clock', '--json', '--tag', 'x', '--tag', 'x'], { cwd: p.root });
  t.not(nothing.exitCode, 0);
  t.is(nothing.exitCode, nothingViaYargs.exitCode);
  t.is(nothing.stderr, nothingViaYargs.stderr);
  t.is((await heimdall(['sync'], { cwd: p.root })).exitCode, 0);
  const excluded = await heimdall(['search', '-n', '3', '--json', '--', '-clock'], { cwd: p.root });
  const excludedViaYargs = await heimdall(['search', '-n', '3', '--json', '--tag', 'x', '--tag', 'x', '--', '-clock'], { cwd: p.root });
  t.is(excluded.exitCode, 2, excluded.stderr);
  t.is(excluded.stderr, excludedViaYargs.stderr);
  const outside = await heimdall(['search', 'clock', '--json'], { cwd: tempDir(t) });
  t.is(outside.exitCode, 2, outside.stderr);
});

test('the lean parser takes the plain shapes only; the rest goes to yargs', (t) => {
  t.like(searchArgs(['search', 'watchman', 'clock', '--json']), { query: 'watchman clock', limit: 10 });
  t.like(searchArgs(['--project-root', '/p', 'search', '-n', '3', 'a', '--json', '--path', 'x/**', '--tag', 'ops']), {
    projectRoot: '/p',
    query: 'a',
    limit: 3,
    paths: ['x/**'],
    tags: ['ops'],
  });
  t.like(searchArgs(['search', '--json', '--', '-draft', 'pool']), { query: '-draft pool' });
  for (const argv of [
    ['search', 'a'],
    ['search', '--json'],
    ['search', 'a', '--json', '--help'],
    ['search', 'a', '--json', '--limit', '0'],
    ['search', 'a', '--json', '--limit', '1e3'],
    ['search', 'a', '--json', '--tag', 'x', '--tag', 'y'],
    ['search', 'a', '--json', '--path', ''],
    ['search', 'a', '--json', '--color'],
    ['show', 'a', '--json'],
    ['--', 'search', 'a', '--json'],
  ]) {
    t.is(searchArgs(argv), null, argv.join(' '));
  }
});
