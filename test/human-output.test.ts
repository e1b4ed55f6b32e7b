// What people read: `sources`, `status`, `config`, `monitor status`, `search` on a terminal, the monitor's
// batch log, and init's README staying out of the results. `--json` shapes stay as they were.
import test, { type ExecutionContext } from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import type { HookStatus } from '../dist/git/hooks-status.js';
import type { RecallHit } from '../dist/recall/search-memories.js';
import { heimdall, heimdallBin, heimdallJson, makeProject, tempDir, waitFor, type ListedSource, type Project } from './helpers/project.js';
import { makeGitRepo } from './helpers/git-repo.js';
import { monitorTools, privateWatchman } from './helpers/watchman-server.js';

const watchman = privateWatchman(test);
const bold = '\u001b[1m';
// A fixed zone east of UTC, so that "local time" is really told apart from UTC.
const tz = { TZ: 'Etc/GMT-3' };
const localMinute = (iso: string) => new Date(Date.parse(iso) + 3 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

test('sources: aligned columns of path, memories, size and local indexed-at; --json unchanged', async (t) => {
  const p = makeProject(t, {
    docs: { 'one.md': '# One\n\nalpha\n', 'deeper/two.md': `# Two\n\nbravo\n\n## More\n\n${'charlie '.repeat(200)}\n` },
  });
  await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  const { json } = await heimdallJson(['sources'], { cwd: p.root });
  t.deepEqual(json.sources.map((s: ListedSource) => Object.keys(s)), [
    ['path', 'sha1', 'size', 'memories', 'indexedAt'],
    ['path', 'sha1', 'size', 'memories', 'indexedAt'],
  ]);
  const human = await heimdall(['sources'], { cwd: p.root, env: tz });
  t.is(human.exitCode, 0, human.stderr);
  const lines = human.stdout.split('\n');
  t.is(lines.length, 2);
  const byPath = Object.fromEntries(json.sources.map((s: ListedSource) => [s.path, s]));
  const two = byPath['.heimdall/docs/deeper/two.md'];
  const one = byPath['.heimdall/docs/one.md'];
  t.regex(lines[0], /^\.heimdall\/docs\/deeper\/two\.md +2 memories +1\.\d KiB +\d{4}-\d\d-\d\d \d\d:\d\d$/);
  t.regex(lines[1], /^\.heimdall\/docs\/one\.md +1 memory +\d+ B +\d{4}-\d\d-\d\d \d\d:\d\d$/);
  t.true(lines[0].endsWith(localMinute(two.indexedAt)), lines[0]);
  t.true(lines[1].endsWith(localMinute(one.indexedAt)), lines[1]);
  t.true(lines[1].includes(`${one.size} B`));
  // Aligned: every column starts at the same offset on every line.
  t.is(lines[0].indexOf(' 2 memories'), lines[1].indexOf(' 1 memory'));
  t.is(lines[0].length, lines[1].length);
  t.notRegex(human.stdout, /[0-9a-f]{12}/, 'no sha1 in the human view');
});

test('status: human sizes, the monitor (not running) and the hooks; --json gains them as fields', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': '# A\n\nalpha\n' } });
  await heimdall(['sync'], { cwd: repo.root });
  const before = await heimdallJson(['status'], { cwd: repo.root });
  t.is(before.exitCode, 0, before.stderr);
  t.like(before.json, { root: repo.root, sources: 1, memories: 1, exists: true, monitor: { running: false } });
  for (const key of ['store', 'storeBytes', 'schemaVersion', 'targetPaths']) t.true(key in before.json, key);
  t.deepEqual(before.json.hooks.hooks.map((h: HookStatus) => [h.name, h.state]), [['post-checkout', 'missing'], ['post-merge', 'missing'], ['post-rewrite', 'missing']]);
  const human = await heimdall(['status'], { cwd: repo.root });
  t.regex(human.stdout, /^size: +\d+\.\d [KM]iB \(schema version \d+\)$/m);
  t.regex(human.stdout, /^monitor: +not running/m);
  t.regex(human.stdout, /^hooks: +missing .*heimdall hooks install/m);

  await heimdall(['hooks', 'install'], { cwd: repo.root });
  const after = await heimdallJson(['status'], { cwd: repo.root });
  t.deepEqual(after.json.hooks.hooks.map((h: HookStatus) => h.state), ['installed', 'installed', 'installed']);
  t.regex((await heimdall(['status'], { cwd: repo.root })).stdout, /^hooks: +installed \(post-checkout, post-merge, post-rewrite\)$/m);
});

test('status outside git: hooks are null in JSON and said so for people', async (t) => {
  const p = makeProject(t);
  const status = await heimdallJson(['status'], { cwd: p.root });
  t.is(status.exitCode, 66, "no store yet: the report still prints, the exit code says nothing is indexed");
  t.like(status.json, { exists: false, monitor: { running: false }, hooks: null });
  const human = await heimdall(['status'], { cwd: p.root });
  t.regex(human.stdout, /^size: +0 B/m);
  t.regex(human.stdout, /^hooks: +none \(not a git repository\)$/m);
});

test('config: YAML with the config file\'s keys, which reads back as the same config; --json as before', async (t) => {
  const p = makeProject(t, { config: 'monitoring:\n  target_path: [notes, .heimdall/docs]\n  settle_ms: 250\nexecutor:\n  retry:\n    cap_ms: 5000\n' });
  const json = (await heimdallJson(['config'], { cwd: p.root })).json;
  t.deepEqual(json.monitoring.targetPaths, ['notes', '.heimdall/docs']);
  t.is(json.executor.retry.capMs, 5000);
  const human = await heimdall(['config'], { cwd: p.root });
  t.is(human.exitCode, 0, human.stderr);
  t.notRegex(human.stdout, /^\s*[{"]/m, 'not JSON');
  const yaml = parse(human.stdout);
  t.deepEqual(yaml.monitoring.target_path, ['notes', '.heimdall/docs']);
  t.is(yaml.monitoring.settle_ms, 250);
  t.is(yaml.monitoring.settle_cap_ms, 2000);
  t.is(yaml.executor.retry.cap_ms, 5000);
  t.is(yaml.load.max_file_bytes, json.load.maxFileBytes);
  t.false('root' in yaml, 'root and the file are comments, not keys');
  t.regex(human.stdout, /^# .*unset.*executor\.timeout_ms/m, 'unset keys are named in a comment');

  // Pasted into another project's config.yaml, it is the same configuration.
  const other = makeProject(t, { config: human.stdout });
  const again = (await heimdallJson(['config'], { cwd: other.root })).json;
  t.deepEqual({ ...again, root: null, configFile: null }, { ...json, root: null, configFile: null });
});

const searchable = async (t: ExecutionContext) => {
  const p = makeProject(t, { docs: { 'a.md': '# Guide\n\nThe watchman clock is saved after each batch.\n' } });
  await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  return p;
};
/** Runs the CLI on a pseudo-terminal (util-linux `script`); stdout is what the terminal showed. */
const onTerminal = (p: Project, args: string[], env = {}) =>
  execa('script', ['-qec', [process.execPath, heimdallBin, ...args].map((a) => `'${a}'`).join(' '), '/dev/null'], {
    cwd: p.root,
    env: { NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm', ...env },
    reject: false,
    timeout: 30_000,
  });

test('search: bold on a terminal, ** in pipes, with NO_COLOR, FORCE_COLOR=0 and in JSON; FORCE_COLOR=1 forces bold', async (t) => {
  const p = await searchable(t);
  const tty = await onTerminal(p, ['search', 'watchman']);
  t.is(tty.exitCode, 0, tty.stdout);
  t.true(tty.stdout.includes(`${bold}watchman\u001b[22m`), JSON.stringify(tty.stdout));
  t.false(tty.stdout.includes('**'));

  const noColor = await onTerminal(p, ['search', 'watchman'], { NO_COLOR: '1' });
  t.true(noColor.stdout.includes('**watchman**'), noColor.stdout);
  t.false(noColor.stdout.includes(bold));
  const forcedOff = await onTerminal(p, ['search', 'watchman'], { FORCE_COLOR: '0' });
  t.true(forcedOff.stdout.includes('**watchman**'), forcedOff.stdout);

  const piped = await heimdall(['search', 'watchman'], { cwd: p.root, env: { FORCE_COLOR: undefined } });
  t.true(piped.stdout.includes('**watchman**'));
  t.false(piped.stdout.includes('\u001b'));
  const forced = await heimdall(['search', 'watchman'], { cwd: p.root, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
  t.true(forced.stdout.includes(`${bold}watchman\u001b[22m`), 'FORCE_COLOR wins, as in Node');
  const json = await heimdallJson(['search', 'watchman'], { cwd: p.root, env: { FORCE_COLOR: '1' } });
  t.regex(json.json.hits[0].snippet, /\*\*watchman\*\*/);
  t.false(JSON.stringify(json.json).includes('\\u001b'));
});

test('search: literal ** in a doc stays as it is around a bold match', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# Notes\n\nA **Note** about clocks.\n' } });
  await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  const forced = await heimdall(['search', 'note'], { cwd: p.root, env: { FORCE_COLOR: '1' } });
  t.true(forced.stdout.includes(`**${bold}Note\u001b[22m**`), JSON.stringify(forced.stdout));
});

test('init: its README in the docs folder is stored with no memories, so it never shows in search', async (t) => {
  const dir = tempDir(t);
  t.is((await heimdall(['init', '--no-hooks'], { cwd: dir })).exitCode, 0);
  writeFileSync(path.join(dir, '.heimdall', 'docs', 'guide.md'), '# Guide\n\nheimdall indexes markdown.\n');
  const sync = await heimdallJson(['sync'], { cwd: dir });
  t.is(sync.exitCode, 0, sync.stderr);
  const search = await heimdallJson(['search', 'heimdall'], { cwd: dir });
  t.deepEqual(search.json.hits.map((h: RecallHit) => h.path), ['.heimdall/docs/guide.md']);
  const sources = (await heimdallJson(['sources'], { cwd: dir })).json.sources;
  t.deepEqual(sources.map((s: ListedSource) => [s.path, s.memories]), [['.heimdall/docs/README.md', 0], ['.heimdall/docs/guide.md', 1]]);
  t.regex(readFileSync(path.join(dir, '.heimdall', 'docs', 'README.md'), 'utf8'), /^---\nheimdall:\n  index: false/);
});

watchman.test('status and monitor status with a live monitor: pid, backend, pending; no raw clock for people', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': '# A\n\nalpha\n' } });
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  const pid = await m.start();
  await m.wait();
  const status = (await m.run(['status', '--json'])).stdout;
  t.like(JSON.parse(status).monitor, { running: true, phase: 'watching', pid, backend: 'watchman', pending: 0, inFlight: 0 });
  const human = await m.run(['status']);
  t.regex(human.stdout, new RegExp(`^monitor: +running \\(pid ${pid}, watchman backend, 0 pending paths\\)$`, 'm'));

  const json = await m.status();
  t.regex(json.appliedClock, /^c:/, '--json keeps the clock');
  const people = await m.run(['monitor', 'status'], { env: tz });
  t.is(people.exitCode, 0);
  t.false(people.stdout.includes(json.appliedClock), people.stdout);
  t.notRegex(people.stdout, /\bc:\d+:/);
  t.regex(people.stdout, new RegExp(`^applied: +${localMinute(json.appliedAt)}:\\d\\d$`, 'm'));
});

watchman.test('the monitor log names the files of each batch: the first few, then "and N more"', async (t) => {
  const project = makeProject(t, { docs: { 'seed.md': '# Seed\n' } });
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  await m.start();
  await m.wait();
  for (let i = 0; i < 20; i++) project.write(`.heimdall/docs/f${String(i).padStart(2, '0')}.md`, `# F${i}\n\nbody ${i}\n`);
  await m.wait();
  const log = path.join(project.root, '.heimdall', 'logs', 'monitor.log');
  const batches = () => readFileSync(log, 'utf8').split('\n').filter((line) => / batch of \d+ paths?: /.test(line));
  const line = await waitFor(() => batches().find((l) => / and \d+ more$/.test(l)), { what: 'a batch line with "and N more"' });
  const [, size, named, more] = line.match(/ batch of (\d+) paths: (.+) and (\d+) more$/)!;
  const names = named.split(', ');
  t.is(names.length, 5);
  t.is(Number(size), names.length + Number(more));
  for (const name of names) t.regex(name, /^\.heimdall\/docs\/f\d\d\.md$/);

  project.remove('.heimdall/docs/f00.md');
  await m.wait();
  await waitFor(() => batches().some((l) => l.endsWith(' batch of 1 path: .heimdall/docs/f00.md (deleted)')), { what: 'the deletion batch line' });
  t.pass();
});
