// `heimdall sync` through the real CLI: full reconcile (fast path), --since, --dry-run, --json, errors, locking.
import test from 'ava';
import { execa } from 'execa';
import { readFileSync, renameSync, statSync, symlinkSync, utimesSync, rmSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { acquireLock, type AcquireResult } from '../dist/lock/process-lock.js';
import type { FileResult } from '../dist/contract/load-report.js';
import type { DryRunReport } from '../dist/contract/sync-report.js';
import { heimdall, heimdallJson, makeProject, heimdallBin, waitFor } from './helpers/project.js';
import { mergeOutcomes, syncLanes } from '../dist/sync/sync-lanes.js';
import { makeGitRepo, commitDocs, renameDoc, docsOnDisk, storedSources, assertStoreMatchesDisk } from './helpers/git-repo.js';

/** Backdates every file under the docs folder, so that a load right after is not "racily clean". */
function backdate(root: string, seconds = 30) {
  const when = new Date(Date.now() - seconds * 1000);
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.isFile()) utimesSync(file, when, when);
    }
  };
  visit(path.join(root, '.heimdall', 'docs'));
}

const doc = (title: string, body = 'some words to index') => `# ${title}\n\n${body}\n`;

test('full sync: loads new files, then skips unchanged ones without reading them, then removes what is gone', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': doc('A'), 'b.md': doc('B'), 'deep/c.md': doc('C') } });
  backdate(project.root);
  const first = await heimdallJson(['sync'], { cwd: project.root });
  t.is(first.exitCode, 0, first.stderr);
  t.is(first.json.summary.loaded, 3);
  t.deepEqual(await storedSources(project.root), docsOnDisk(project.root));

  const second = await heimdallJson(['sync'], { cwd: project.root });
  t.is(second.exitCode, 0);
  t.is(second.json.mode, 'full');
  t.is(second.json.scanned, 3);
  t.is(second.json.skipped, 3, 'size and mtime match the store: nothing is read');
  t.is(second.json.candidates, 0);
  t.deepEqual(second.json.results, []);

  project.write('.heimdall/docs/b.md', doc('B', 'edited text'));
  project.remove('.heimdall/docs/deep/c.md');
  project.write('.heimdall/docs/new.md', doc('New'));
  const third = await heimdallJson(['sync'], { cwd: project.root });
  t.is(third.exitCode, 0, third.stderr);
  t.like(third.json.summary, { loaded: 2, removed: 1, failed: 0 });
  t.is(third.json.skipped, 1);
  t.deepEqual(await storedSources(project.root), docsOnDisk(project.root));
});

test('full sync: a file modified in the same second it was indexed is sent to load anyway (racily clean)', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': doc('A') } });
  // An mtime later than the indexing time: however slow this machine, the file is racily clean.
  const soon = new Date(Date.now() + 60_000);
  utimesSync(path.join(project.docsDir, 'a.md'), soon, soon);
  const first = await heimdallJson(['sync'], { cwd: project.root });
  t.is(first.json.summary.loaded, 1);
  const dry = await heimdallJson(['sync', '--dry-run'], { cwd: project.root });
  t.deepEqual(dry.json.results, [{ path: '.heimdall/docs/a.md', action: 'load', reason: 'racy' }]);
});

test('full sync: a same-size edit whose mtime is put back after the racy window, and a file renamed over another of the same size and mtime, are loaded (ctime and inode)', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': doc('A', 'first words'), 'b.md': doc('B', 'first words') } });
  backdate(project.root);
  t.like((await heimdallJson(['sync'], { cwd: project.root })).json.summary, { loaded: 2 });
  const a = path.join(project.docsDir, 'a.md');
  const b = path.join(project.docsDir, 'b.md');
  const [statA, statB] = [statSync(a), statSync(b)];
  // Same size, new words, and the old mtime back (utimes, as `touch -r` or an archive extraction does).
  project.write('.heimdall/docs/a.md', doc('A', 'other words'));
  utimesSync(a, statA.atime, statA.mtime);
  // A new file of the same size and mtime renamed over b.md, as editors and `sed -i` save.
  project.write('.heimdall/docs/b.md.tmp', doc('B', 'other words'));
  utimesSync(`${b}.tmp`, statB.atime, statB.mtime);
  renameSync(`${b}.tmp`, b);
  for (const [file, before] of [[a, statA], [b, statB]] as const) t.like(statSync(file), { size: before.size, mtimeMs: before.mtimeMs }, 'size and mtime say nothing changed');
  const run = await heimdallJson(['sync'], { cwd: project.root });
  t.is(run.exitCode, 0, run.stderr);
  t.deepEqual(run.json.results.map((r: FileResult) => [r.path, r.action]).sort(), [['.heimdall/docs/a.md', 'loaded'], ['.heimdall/docs/b.md', 'loaded']]);
  t.deepEqual(await storedSources(project.root), docsOnDisk(project.root));
});

test('--no-fast-path (internal) sends every file to load, which reports them unchanged', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': doc('A'), 'b.md': doc('B') } });
  backdate(project.root);
  await heimdall(['sync'], { cwd: project.root });
  const run = await heimdallJson(['sync', '--no-fast-path'], { cwd: project.root });
  t.is(run.json.skipped, 0);
  t.is(run.json.summary.unchanged, 2);
});

test('a directory that cannot be read is reported and its memories are kept (exit 65)', async (t) => {
  const project = makeProject(t, { docs: { 'kept/x.md': doc('X'), 'y.md': doc('Y') } });
  await heimdall(['sync'], { cwd: project.root });
  // Root ignores permissions, so a symlink loop stands in for an unreadable directory (ELOOP).
  rmSync(path.join(project.docsDir, 'kept'), { recursive: true });
  symlinkSync('kept', path.join(project.docsDir, 'kept'));
  const run = await heimdallJson(['sync'], { cwd: project.root });
  t.is(run.exitCode, 65, run.stderr);
  const failed = run.json.results.filter((r: FileResult) => r.action === 'failed');
  t.is(failed.length, 1);
  t.is(failed[0].error.code, 'read-error');
  t.regex(failed[0].error.message, /ELOOP.*1 stored file\(s\) were kept/);
  t.deepEqual((await storedSources(project.root)).map((s) => s.path), ['.heimdall/docs/kept/x.md', '.heimdall/docs/y.md']);
});

test('a narrowed scope: a full sync removes stored files outside every target path, of a dropped extension or now ignored, with the reason; an unreadable target keeps its files', async (t) => {
  const project = makeProject(t, {
    config: 'monitoring:\n  target_path: [.heimdall/docs, notes]\n',
    docs: { 'a.md': doc('A'), 'b.markdown': doc('B'), 'drafts/d.md': doc('D'), 'kept/x.md': doc('X') },
  });
  project.write('notes/n.md', doc('N'));
  project.write('notes/deep/m.md', doc('M'));
  const first = await heimdallJson(['sync'], { cwd: project.root });
  t.is(first.json.summary.loaded, 6, first.stderr);
  backdate(project.root);
  project.write('.heimdall/config.yaml', 'monitoring:\n  target_path: .heimdall/docs\n  extensions: [.md]\n  ignore_patterns: [drafts]\n');
  // Unreadable (a symlink loop: root ignores permissions): a target's folder keeps its files; a dropped folder does not.
  rmSync(path.join(project.docsDir, 'kept'), { recursive: true });
  symlinkSync('kept', path.join(project.docsDir, 'kept'));
  rmSync(path.join(project.root, 'notes', 'deep'), { recursive: true });
  symlinkSync('deep', path.join(project.root, 'notes', 'deep'));

  const dry = await heimdallJson(['sync', '--dry-run'], { cwd: project.root });
  const planned = Object.fromEntries(dry.json.results.map((r: DryRunReport['results'][number]) => [r.path, `${r.action} ${r.reason}`]));
  t.like(planned, {
    '.heimdall/docs/b.markdown': 'remove out-of-scope',
    '.heimdall/docs/drafts/d.md': 'remove out-of-scope',
    'notes/n.md': 'remove out-of-scope',
    'notes/deep/m.md': 'remove out-of-scope',
    '.heimdall/docs/kept/x.md': 'keep unreadable',
  });

  const run = await heimdallJson(['sync'], { cwd: project.root });
  t.is(run.exitCode, 65, 'the unreadable docs folder is still reported');
  const removed = run.json.results.filter((r: FileResult) => r.action === 'removed').map((r: FileResult) => [r.path, r.reason]).sort();
  t.deepEqual(removed, [
    ['.heimdall/docs/b.markdown', 'not-a-docs-extension'],
    ['.heimdall/docs/drafts/d.md', 'ignored'],
    ['notes/deep/m.md', 'outside-target-paths'],
    ['notes/n.md', 'outside-target-paths'],
  ]);
  t.deepEqual((await storedSources(project.root)).map((s) => s.path), ['.heimdall/docs/a.md', '.heimdall/docs/kept/x.md']);
  const human = await heimdall(['sync'], { cwd: project.root });
  t.notRegex(`${human.stdout}${human.stderr}`, /removed  /, 'nothing more to remove');
});

test('emptied, blank and new empty files are docs with no memories: loaded, their sha1 stored, the old text gone from search, exit 0', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': doc('A', 'zanzibar lives here'), 'b.md': doc('B', 'quixotic words') } });
  t.is((await heimdall(['sync'], { cwd: project.root })).exitCode, 0);
  project.write('.heimdall/docs/a.md', '');
  project.write('.heimdall/docs/b.md', ' \n\t\n');
  project.write('.heimdall/docs/new.md', '');
  const run = await heimdallJson(['sync'], { cwd: project.root });
  t.is(run.exitCode, 0, run.stderr);
  t.deepEqual(run.json.results.map((r: FileResult) => [r.path, r.action, r.memories]).sort(), [
    ['.heimdall/docs/a.md', 'loaded', 0],
    ['.heimdall/docs/b.md', 'loaded', 0],
    ['.heimdall/docs/new.md', 'loaded', 0],
  ]);
  t.deepEqual(await storedSources(project.root), docsOnDisk(project.root));
  for (const word of ['zanzibar', 'quixotic']) t.deepEqual((await heimdallJson(['search', word], { cwd: project.root })).json.hits, [], word);
  backdate(project.root);
  t.like((await heimdallJson(['sync'], { cwd: project.root })).json, { candidates: 3, summary: { unchanged: 3 } });
  t.like((await heimdallJson(['sync'], { cwd: project.root })).json, { candidates: 0, skipped: 3 });
});

test('--dry-run lists what would change and changes nothing', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': doc('A'), 'b.md': doc('B') } });
  backdate(project.root);
  await heimdall(['sync'], { cwd: project.root });
  project.remove('.heimdall/docs/a.md');
  project.write('.heimdall/docs/c.md', doc('C'));
  const before = await storedSources(project.root);
  const dry = await heimdallJson(['sync', '--dry-run'], { cwd: project.root });
  t.is(dry.exitCode, 0);
  t.true(dry.json.dryRun);
  t.deepEqual(dry.json.results, [
    { path: '.heimdall/docs/c.md', action: 'load', reason: 'new' },
    { path: '.heimdall/docs/a.md', action: 'remove', reason: 'deleted' },
  ]);
  t.deepEqual(dry.json.summary, { load: 1, remove: 1, unreadable: 0 });
  t.deepEqual(await storedSources(project.root), before);
  const human = await heimdall(['sync', '--dry-run'], { cwd: project.root });
  t.regex(human.stdout, /^load +\.heimdall\/docs\/c\.md \(new\)$/m);
  t.regex(human.stdout, /would load 1, remove 1; nothing was changed/);
});

test('--json prints the foundation shape; a broken file makes exit 65 and the others still load', async (t) => {
  const project = makeProject(t, { docs: { 'good.md': doc('Good') } });
  project.write('.heimdall/docs/binary.md', Buffer.from([0x23, 0x20, 0x00, 0x01]));
  const run = await heimdallJson(['sync'], { cwd: project.root });
  t.is(run.exitCode, 65);
  t.deepEqual(Object.keys(run.json).slice(0, 3), ['results', 'summary', 'durationMs']);
  t.deepEqual(Object.keys(run.json.summary).sort(), ['absent', 'failed', 'loaded', 'moved', 'removed', 'unchanged']);
  t.like(run.json.summary, { loaded: 1, failed: 1 });
  t.like(run.json.results.find((r: FileResult) => r.action === 'failed'), { path: '.heimdall/docs/binary.md', error: { code: 'binary', permanent: true } });
});

test('--since REV: committed and uncommitted changes plus untracked docs; a rename moves the memories', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': doc('A', 'a long enough body for rename detection'), 'b.md': doc('B'), 'c.md': doc('C') } });
  t.is((await heimdall(['sync'], { cwd: repo.root })).exitCode, 0);
  await commitDocs(repo, { 'b.md': doc('B', 'committed change') });
  renameDoc(repo, 'a.md', 'renamed/a.md');
  repo.remove('.heimdall/docs/c.md');
  repo.write('.heimdall/docs/untracked.md', doc('U'));
  await repo.git(['add', '.heimdall/docs/renamed/a.md', '.heimdall/docs/a.md']);
  const run = await heimdallJson(['sync', '--since', 'HEAD~1'], { cwd: repo.root });
  t.is(run.exitCode, 0, run.stderr);
  t.is(run.json.mode, 'since');
  const actions = Object.fromEntries(run.json.results.map((r: FileResult) => [r.path, r.action]));
  t.deepEqual(actions, {
    '.heimdall/docs/a.md': 'removed',
    '.heimdall/docs/renamed/a.md': 'moved',
    '.heimdall/docs/b.md': 'loaded',
    '.heimdall/docs/c.md': 'removed',
    '.heimdall/docs/untracked.md': 'loaded',
  });
  await assertStoreMatchesDisk(t, repo.root);
});

test('--since: a config that differs in the range may have moved the scope, so a full sync runs instead (a branch with another target_path)', async (t) => {
  const repo = await makeGitRepo(t, { docs: { 'a.md': doc('A'), 'b.markdown': doc('B') }, config: 'monitoring:\n  ignore_patterns: []\n' });
  await heimdall(['sync'], { cwd: repo.root });
  // Untouched since the last sync and since HEAD: no diff names these files, only the config moved.
  repo.write('notes/n.md', doc('N', 'a note outside the docs folder'));
  await repo.git(['add', '-A']);
  await repo.git(['commit', '-qm', 'notes']);
  repo.write('.heimdall/config.yaml', 'monitoring:\n  target_path: [.heimdall/docs, notes]\n  extensions: [.md]\n');
  const since = await heimdallJson(['sync', '--since', 'HEAD'], { cwd: repo.root });
  t.is(since.exitCode, 0, since.stderr);
  t.regex(since.stderr, /config\.yaml differs in that range/);
  t.deepEqual(since.json.results.map((r: FileResult) => [r.path, r.action]).sort(), [
    ['.heimdall/docs/b.markdown', 'removed'],
    ['notes/n.md', 'loaded'],
  ]);
  t.deepEqual((await storedSources(repo.root)).map((s) => s.path), ['.heimdall/docs/a.md', 'notes/n.md']);
  // With the config as committed, --since is narrow again: only what git names.
  await repo.git(['commit', '-qam', 'scope']);
  repo.write('.heimdall/docs/c.md', doc('C'));
  const narrow = await heimdallJson(['sync', '--since', 'HEAD'], { cwd: repo.root });
  t.notRegex(narrow.stderr, /config\.yaml differs/);
  t.deepEqual(narrow.json.results.map((r: FileResult) => [r.path, r.action]), [['.heimdall/docs/c.md', 'loaded']]);
});

test('--since errors: outside a git repository, and an unknown revision, exit 2 with a clear message; a full sync still works outside git', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': doc('A') } });
  const outside = await heimdall(['sync', '--since', 'HEAD'], { cwd: project.root });
  t.is(outside.exitCode, 2);
  t.regex(outside.stderr, /not inside a git repository: --since needs git/);
  const full = await heimdall(['sync'], { cwd: project.root });
  t.is(full.exitCode, 0, full.stderr);
  t.deepEqual(await storedSources(project.root), docsOnDisk(project.root));

  const repo = await makeGitRepo(t, { docs: { 'a.md': doc('A') } });
  const unknown = await heimdall(['sync', '--since', 'no-such-rev'], { cwd: repo.root });
  t.is(unknown.exitCode, 2);
  t.regex(unknown.stderr, /unknown revision "no-such-rev"/);
});

test('a second sync waits for the one holding the project, then runs and sees what changed meanwhile', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': doc('A') } });
  const held = await acquireLock(project.root, 'sync', path.join(project.root, '.heimdall', 'run'));
  t.true(held.acquired);
  const child = heimdall(['sync', '--json'], { cwd: project.root });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let done = false;
  child.then(() => (done = true));
  await waitFor(() => /another heimdall sync \(pid \d+\) is running for this project: waiting/.test(stderr), { timeout: 20_000, what: 'the second sync to wait' });
  project.write('.heimdall/docs/late.md', doc('Late'));
  await new Promise((resolve) => setTimeout(resolve, 500));
  t.false(done, 'still waiting while the lock is held');
  await (held as Extract<AcquireResult, { acquired: true }>).lock.release();
  const run = await child;
  t.is(run.exitCode, 0, run.stderr);
  t.deepEqual(JSON.parse(run.stdout).results.map((r: FileResult) => [r.path, r.action]), [['.heimdall/docs/a.md', 'loaded'], ['.heimdall/docs/late.md', 'loaded']]);
  t.deepEqual(await storedSources(project.root), docsOnDisk(project.root));
});

test('progress bar: on a terminal only (stderr), never in pipes or logs', async (t) => {
  const files = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`p${i}.md`, doc(`P${i}`)]));
  const project = makeProject(t, { docs: files, config: 'executor:\n  batch_size: 50\n' });
  const piped = await heimdall(['sync'], { cwd: project.root });
  t.is(piped.exitCode, 0);
  t.notRegex(piped.stderr, /\r|files done|\/400 files/);
  await heimdall(['sync', '--no-fast-path'], { cwd: project.root });
  // `script` gives the CLI a pseudo-terminal; the bar appears once the run has lasted 0.5 s.
  const tty = await execa('script', ['-qfec', `'${process.execPath}' '${heimdallBin}' sync --no-fast-path`, '/dev/null'], {
    cwd: project.root,
    reject: false,
    timeout: 60_000,
  });
  t.is(tty.exitCode, 0, tty.stdout);
  t.regex(tty.stdout, /heimdall sync \[[#-]+\] \d+\/400 files/);
});

test('nothing to do: an empty docs folder, and no docs folder at all', async (t) => {
  const project = makeProject(t);
  const run = await heimdallJson(['sync'], { cwd: project.root });
  t.is(run.exitCode, 0, run.stderr);
  t.like(run.json, { candidates: 0, scanned: 0 });
  project.remove('.heimdall/docs');
  const none = await heimdallJson(['sync'], { cwd: project.root });
  t.is(none.exitCode, 0, none.stderr);
  t.like(none.json, { candidates: 0, scanned: 0 });
});

test("a sync's children work under the sync's config: an edit of config.yaml during the sync (here invalid YAML) reaches none of them", async (t) => {
  const project = makeProject(t, { docs: { 'a.md': doc('A'), 'b.md': doc('B'), 'c.md': doc('C') } });
  // The load command breaks config.yaml, then runs the real `heimdall load`, which reads its config again.
  const wrapper = project.write('edit-then-load.mjs', [
    "import { spawnSync } from 'node:child_process';",
    "import { writeFileSync } from 'node:fs';",
    'const root = process.env.HEIMDALL_PROJECT_ROOT;',
    "writeFileSync(`${root}/.heimdall/config.yaml`, 'monitoring: [unclosed\\n');",
    // Its parent is this wrapper now (the parent watchdog).
    "const env = { ...process.env, HEIMDALL_PARENT_PID: String(process.pid) };",
    `const run = spawnSync(process.execPath, [${JSON.stringify(heimdallBin)}, 'load', '--project-root', root, ...process.argv.slice(2)], { stdio: 'inherit', env });`,
    'process.exitCode = run.status ?? 1;',
  ].join('\n'));
  project.write('.heimdall/config.yaml', `executor:\n  batch_size: 1\n  load_command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(wrapper)}]\n`);
  const gone = execa(process.execPath, ['-e', '']);
  await gone;
  project.write(`.heimdall/run/sync-config.${gone.pid}.1.json`, '{}');
  const run = await heimdallJson(['sync'], { cwd: project.root });
  t.is(run.exitCode, 0, run.stderr);
  t.is(run.json.summary.loaded, 3, 'three calls, each after the edit');
  t.deepEqual(readdirSync(path.join(project.root, '.heimdall', 'run')).filter((name) => name.startsWith('sync-config.')), [], "the snapshot is removed, and a killed sync's too");
  const next = await heimdall(['sync'], { cwd: project.root });
  t.is(next.exitCode, 2, 'the next sync reads the edited config');
  t.regex(next.stderr, /config\.yaml: not valid YAML/);
  project.write('.heimdall/config.yaml', '');
  t.deepEqual(await storedSources(project.root), docsOnDisk(project.root));
});

test('a large sync runs two load children side by side on disjoint paths: the store ends equal to the disk, every path reported once', async (t) => {
  const count = 1100;
  const project = makeProject(t);
  const name = (i: number) => `.heimdall/docs/l${i % 10}/n${i}.md`;
  for (let i = 0; i < count; i++) project.write(name(i), doc(`N${i}`, `first text of note ${i}`));
  t.is((await heimdall(['sync'], { cwd: project.root })).exitCode, 0);
  backdate(project.root);
  // Each call of the load command notes when it ran, then runs the real `heimdall load`.
  const calls = path.join(project.root, 'calls.log');
  const wrapper = project.write('noting-load.mjs', [
    "import { spawnSync } from 'node:child_process';",
    "import { appendFileSync } from 'node:fs';",
    `const calls = ${JSON.stringify(calls)};`,
    'appendFileSync(calls, `start ${Date.now()}\\n`);',
    "const env = { ...process.env, HEIMDALL_PARENT_PID: String(process.pid) };",
    `const run = spawnSync(process.execPath, [${JSON.stringify(heimdallBin)}, 'load', ...process.argv.slice(2)], { stdio: 'inherit', env });`,
    'appendFileSync(calls, `end ${Date.now()}\\n`);',
    'process.exitCode = run.status ?? 1;',
  ].join('\n'));
  project.write('.heimdall/config.yaml', `executor:\n  load_command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(wrapper)}]\n`);
  // Every doc changed but five removed and five renamed (a removal and a new file each).
  for (let i = 10; i < count; i++) project.write(name(i), doc(`N${i}`, `second text of note ${i}`));
  for (let i = 0; i < 5; i++) rmSync(path.join(project.root, name(i)));
  for (let i = 5; i < 10; i++) renameSync(path.join(project.root, name(i)), path.join(project.root, `.heimdall/docs/moved-${i}.md`));
  const run = await heimdallJson(['sync'], { cwd: project.root });
  t.is(run.exitCode, 0, run.stderr);
  const paths = run.json.results.map((r: FileResult) => r.path);
  t.is(new Set(paths).size, paths.length, 'no path reported twice');
  t.is(paths.length, count + 5);
  t.like(run.json.summary, { failed: 0 });
  t.is(run.json.summary.removed, 10);
  t.is(run.json.summary.loaded + run.json.summary.moved, count - 5);
  t.deepEqual(await storedSources(project.root), docsOnDisk(project.root));

  const lines = readFileSync(calls, 'utf8').trim().split('\n').map((line) => line.split(' '));
  const starts = lines.filter(([kind]) => kind === 'start').map(([, at]) => Number(at));
  const ends = lines.filter(([kind]) => kind === 'end').map(([, at]) => Number(at));
  t.is(starts.length, 2, 'one call per lane');
  t.true(Math.max(...starts) < Math.min(...ends), `the two calls overlapped: ${lines.map((l) => l.join(' ')).join(', ')}`);
});

test('sync lanes: two for a large sync on two cores or more (the removals in the first), one otherwise; merged results in candidate order', (t) => {
  const candidates = Array.from({ length: 1200 }, (_, i) => ({ path: `p${i}`, deleted: i % 100 === 7 }));
  t.is(syncLanes(candidates, 1).length, 1);
  t.is(syncLanes(candidates.slice(0, 999), 8).length, 1);
  const lanes = syncLanes(candidates, 8);
  t.is(lanes.length, 2);
  t.deepEqual(lanes.map((lane) => lane.length), [600, 600]);
  t.true(lanes[0]!.filter((c) => c.deleted).length === 12 && lanes[1]!.every((c) => !c.deleted));
  t.deepEqual(new Set(lanes.flat().map((c) => c.path)).size, candidates.length);
  const outcome = (lane: typeof candidates) => ({
    applied: lane.length,
    failed: [],
    reports: [],
    results: lane.map((c) => ({ path: c.path, action: c.deleted ? ('removed' as const) : ('loaded' as const), memories: 1 })),
    cancelled: [],
  });
  const merged = mergeOutcomes([outcome(lanes[1]!), outcome(lanes[0]!)], candidates);
  t.is(merged.applied, candidates.length);
  t.deepEqual(merged.results.map((r) => r.path), candidates.map((c) => c.path));
});
