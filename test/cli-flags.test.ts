// Every command's flags against bad values: a usage error (exit 2) in one clear line on stderr,
// never a stack trace, never "unexpected error", nothing on stdout. Run inside a project, so
// that no row passes for the wrong reason ("no heimdall project here" is exit 2 too).
import test from 'ava';
import type { FileResult } from '../dist/contract/load-report.js';
import type { RecallHit } from '../dist/recall/search-memories.js';
import { heimdall, heimdallJson, makeProject } from './helpers/project.js';

const wholeNumber = /--limit must be a whole number from 1 up \(got "[^"]*"\)/;
const seconds = (flag: string) => new RegExp(`--${flag} must be a number of seconds (from 0 to|above 0)`);
const needsValue = (flag: string) => new RegExp(`^heimdall: ${flag} needs a value$`, 'm');

const rows: [string[], RegExp][] = [
  // a flag missing its value, at the end or before another flag
  [['sync', '--since'], needsValue('--since')],
  [['sync', '--since', '--dry-run'], needsValue('--since')],
  [['sync', '--since='], needsValue('--since')],
  [['load', '--files-from'], needsValue('--files-from')],
  [['load', '--files-from', '--json'], needsValue('--files-from')],
  [['load', '--files-from='], needsValue('--files-from')],
  [['remove-file', '--files-from'], needsValue('--files-from')],
  [['search', 'x', '--limit'], needsValue('--limit')],
  [['search', 'x', '-n'], needsValue('-n')],
  [['status', '--project-root'], needsValue('--project-root')],
  [['sources', '--project-root='], needsValue('--project-root')],
  [['init', '--docs'], needsValue('--docs')],
  [['monitor', 'start', '--timeout'], needsValue('--timeout')],
  [['monitor', 'start', '--backend'], needsValue('--backend')],
  [['monitor', 'stop', '--grace'], needsValue('--grace')],
  [['monitor', 'wait', '--timeout'], needsValue('--timeout')],
  [['monitor', 'health', '--timeout'], needsValue('--timeout')],
  // numbers that are not what the flag takes
  [['search', 'x', '--limit', '0'], wholeNumber],
  [['search', 'x', '--limit', '-1'], wholeNumber],
  [['search', 'x', '--limit', '1.5'], wholeNumber],
  [['search', 'x', '--limit', 'abc'], wholeNumber],
  [['search', 'x', '--limit', '0x10'], wholeNumber],
  [['search', 'x', '--limit='], wholeNumber],
  [['search', 'x', '--limit', '5', '--limit', '0'], wholeNumber],
  [['monitor', 'wait', '--timeout', 'abc'], seconds('timeout')],
  [['monitor', 'wait', '--timeout', '-1'], seconds('timeout')],
  [['monitor', 'wait', '--timeout', '0'], seconds('timeout')],
  [['monitor', 'wait', '--timeout', '1e3'], seconds('timeout')],
  [['monitor', 'start', '--timeout', 'soon'], seconds('timeout')],
  [['monitor', 'start', '--timeout', '0'], seconds('timeout')],
  [['monitor', 'health', '--timeout', '-5'], seconds('timeout')],
  [['monitor', 'stop', '--grace', '-1'], seconds('grace')],
  [['monitor', 'stop', '--grace', 'abc'], seconds('grace')],
  [['monitor', 'stop', '--grace', '99999999999'], seconds('grace')],
  [['monitor', 'restart', '--grace', '-1'], seconds('grace')],
  [['monitor', 'restart', '--timeout', 'x'], seconds('timeout')],
  [['monitor', 'start', '--backend', 'inotify'], /--backend must be one of auto, watchman, node \(got "inotify"\)/],
  [['watch', '--backend', 'inotify'], /--backend must be auto, watchman or node/],
  [['watch', '--log-file'], /argument missing/],
  // words where none are taken, and no words where some are needed
  [['search'], /name at least one word to search for/],
  [['search', '--'], /name at least one word to search for/],
  [['sources', '--', 'x'], /sources takes no arguments \(got "x" after --\)/],
  [['monitor', 'stop', '--', 'now'], /monitor stop takes no arguments/],
  [['status', 'extra'], /Unknown argument: extra/],
  [['monitor'], /Name an action: start, stop/],
  [['monitor', 'xyzzy'], /Unknown argument: xyzzy/],
];

test('bad flag values are usage errors: exit 2, one clear line, no stack trace', async (t) => {
  const project = makeProject(t);
  const results = await inBatches(rows, 3, ([args]) => heimdall(args, { cwd: project.root }));
  rows.forEach(([args, fragment], i) => {
    const { exitCode, stdout, stderr } = results[i];
    const what = `heimdall ${args.join(' ')}: exit ${exitCode}\n${stderr}`;
    t.is(exitCode, 2, what);
    t.regex(stderr.split('\n')[0], fragment, what);
    t.is(stdout, '', what);
    t.notRegex(stderr, /unexpected error|\n\s+at |NaN/, what);
    t.true(stderr.split('\n').length <= 2, `one line, and at most the --help hint: ${what}`);
  });
});

test('values that are right are taken as typed: `--` ends the options, numbers stay words', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': '# A\n\nfoo 007 bar\n' } });
  project.write('.heimdall/docs/-dash.md', '# Dash\n\nstarts with a dash\n');
  // (heimdallJson would append --json after the `--`, where it is a path.)
  const loaded = await heimdall(['load', '--json', '.heimdall/docs/a.md', '--', '.heimdall/docs/-dash.md', '--json'], { cwd: project.root });
  t.is(loaded.exitCode, 0, loaded.stderr);
  t.deepEqual(JSON.parse(loaded.stdout).results.map((r: FileResult) => `${r.path} ${r.action}`).sort(), ['--json absent', '.heimdall/docs/-dash.md loaded', '.heimdall/docs/a.md loaded']);
  // A leading dash after `--` is a query word: an excluded one, and a query of exclusions only is a usage error.
  const dashed = await heimdall(['search', '--json', '--', '-foo'], { cwd: project.root });
  t.is(dashed.exitCode, 2, dashed.stderr);
  t.regex(dashed.stderr, /only excludes \(-foo\)/);
  const excluding = await heimdall(['search', '--json', '--', 'dash', '-foo'], { cwd: project.root });
  t.is(JSON.parse(excluding.stdout).query, 'dash -foo');
  t.deepEqual(JSON.parse(excluding.stdout).hits.map((h: RecallHit) => h.path), ['.heimdall/docs/-dash.md']);
  t.is((await heimdallJson(['search', '007'], { cwd: project.root })).json.query, '007');
  const limited = await heimdallJson(['search', 'dash', 'foo', '--limit', '9', '--limit', '1'], { cwd: project.root });
  t.is(limited.json.hits.length, 1, 'a repeated flag: the last value wins');
  t.is((await heimdall(['monitor', 'stop', '--grace', '0'], { cwd: project.root })).exitCode, 0, 'grace 0: SIGKILL at once (nothing runs here)');
  const wait = await heimdall(['monitor', 'wait', '--timeout', '0.5'], { cwd: project.root });
  t.is(wait.exitCode, 3, 'fractions of a second are fine; no monitor runs');
});

async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return results;
}
