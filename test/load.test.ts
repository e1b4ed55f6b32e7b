import test from 'ava';
import { renameSync, writeFileSync, symlinkSync, mkdirSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { FileResult, LoadReport } from '../dist/contract/load-report.js';
import type { RecallHit } from '../dist/recall/search-memories.js';
import { makeProject, heimdall, heimdallJson, type ListedSource } from './helpers/project.js';

const Database = createRequire(import.meta.url)('better-sqlite3');
const docs = (name: string) => `.heimdall/docs/${name}`;
const byPath = (json: LoadReport) => Object.fromEntries(json.results.map((r) => [r.path, r]));

test('load indexes a file, then reports it unchanged without re-parsing', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nalpha text\n\n## B\n\nbeta text\n' } });
  const first = await heimdallJson(['load', docs('a.md')], { cwd: p.root });
  t.is(first.exitCode, 0);
  t.deepEqual(first.json.results, [{ path: docs('a.md'), action: 'loaded', memories: 2 }]);
  t.deepEqual(first.json.summary, { loaded: 1, unchanged: 0, removed: 0, moved: 0, absent: 0, failed: 0 });
  t.true(Number.isInteger(first.json.durationMs));
  const again = await heimdallJson(['load', docs('a.md')], { cwd: p.root });
  t.deepEqual(again.json.results, [{ path: docs('a.md'), action: 'unchanged', memories: 2 }]);
});

test('one identity per file, however the path is spelled', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\ntext\n' } });
  const linkParent = path.join(path.dirname(p.root), `${path.basename(p.root)}-link`);
  symlinkSync(p.root, linkParent);
  t.teardown(() => import('node:fs').then((fs) => fs.rmSync(linkParent, { force: true })));
  const spellings = [docs('a.md'), `./${docs('a.md')}`, path.join(p.root, docs('a.md')), path.join(linkParent, docs('a.md')), `.heimdall/docs/../docs/a.md`];
  const result = await heimdallJson(['load', ...spellings], { cwd: p.root });
  t.deepEqual(result.json.results, [{ path: docs('a.md'), action: 'loaded', memories: 1 }]);
  const fromDocsDir = await heimdallJson(['load', 'a.md'], { cwd: p.docsDir });
  t.deepEqual(fromDocsDir.json.results, [{ path: docs('a.md'), action: 'unchanged', memories: 1 }]);
});

test('a changed file is re-indexed; a deleted one is removed; never-indexed is absent', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\none\n' } });
  await heimdall(['load', docs('a.md')], { cwd: p.root });
  p.write(docs('a.md'), '# A\n\none\n\n# Two\n\ntwo\n');
  const changed = await heimdallJson(['load', docs('a.md')], { cwd: p.root });
  t.deepEqual(changed.json.results, [{ path: docs('a.md'), action: 'loaded', memories: 2 }]);
  p.remove(docs('a.md'));
  const removed = await heimdallJson(['load', docs('a.md'), docs('never.md')], { cwd: p.root });
  t.deepEqual(byPath(removed.json), {
    [docs('a.md')]: { path: docs('a.md'), action: 'removed', memories: 2 },
    [docs('never.md')]: { path: docs('never.md'), action: 'absent', memories: 0 },
  });
  const sources = await heimdallJson(['sources'], { cwd: p.root });
  t.deepEqual(sources.json.sources, []);
});

test('a rename in one call moves the memories; across calls too', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nmove me\n', 'c.md': '# C\n\nand me\n' } });
  await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  renameSync(path.join(p.docsDir, 'a.md'), path.join(p.docsDir, 'b.md'));
  const same = await heimdallJson(['load', docs('b.md'), docs('a.md')], { cwd: p.root });
  t.deepEqual(byPath(same.json)[docs('b.md')], { path: docs('b.md'), action: 'moved', memories: 1, from: docs('a.md') });
  t.is(byPath(same.json)[docs('a.md')].action, 'removed');
  mkdirSync(path.join(p.docsDir, 'sub'));
  renameSync(path.join(p.docsDir, 'c.md'), path.join(p.docsDir, 'sub', 'c.md'));
  await heimdall(['remove-file', docs('c.md')], { cwd: p.root });
  const later = await heimdallJson(['load', docs('sub/c.md')], { cwd: p.root });
  t.deepEqual(later.json.results, [{ path: docs('sub/c.md'), action: 'moved', memories: 1, from: docs('c.md') }]);
  const hits = await heimdallJson(['search', 'and', 'me'], { cwd: p.root });
  t.deepEqual(hits.json.hits.map((h: RecallHit) => h.path), [docs('sub/c.md')]);
});

test('a directory expands to the docs files under it; a deleted directory removes them all', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nx\n', 'sub/b.markdown': '# B\n\ny\n', 'sub/notes.txt': 'not a doc', 'sub/deep/c.MD': '# C\n\nz\n' } });
  const result = await heimdallJson(['load', '.heimdall/docs'], { cwd: p.root });
  t.deepEqual(result.json.results.map((r: FileResult) => r.path).sort(), [docs('a.md'), docs('sub/b.markdown'), docs('sub/deep/c.MD')]);
  p.remove(docs('sub'));
  const gone = await heimdallJson(['load', docs('sub')], { cwd: p.root });
  t.deepEqual(gone.json.results.map((r: FileResult) => [r.path, r.action]).sort(), [
    [docs('sub/b.markdown'), 'removed'],
    [docs('sub/deep/c.MD'), 'removed'],
  ]);
});

test('touching a file without changing it keeps it unchanged and refreshes its stat', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nsame\n' } });
  await heimdall(['load', docs('a.md')], { cwd: p.root });
  // An hour back: outside the racy window, so that once refreshed the stat is trusted by sync's fast path.
  const touched = new Date(Date.now() - 3600_000);
  utimesSync(path.join(p.docsDir, 'a.md'), touched, touched);
  const result = await heimdallJson(['load', docs('a.md')], { cwd: p.root });
  t.is(result.json.results[0].action, 'unchanged');
  const db = new Database(path.join(p.root, '.heimdall', 'memory.db'), { readonly: true });
  const row = db.prepare('SELECT mtime_ms AS mtimeMs FROM sources WHERE path = ?').get(docs('a.md'));
  db.close();
  t.is(Math.round(row.mtimeMs), touched.getTime(), 'the stored mtime is the new one');
  // The fast path sees size and mtime match: the file is skipped, not hashed again.
  const sync = await heimdallJson(['sync'], { cwd: p.root });
  t.like(sync.json, { candidates: 0, skipped: 1 });
});

test('remove-file forgets paths whether or not the files exist', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nkeep on disk\n' } });
  await heimdall(['load', docs('a.md')], { cwd: p.root });
  const removed = await heimdallJson(['remove-file', docs('a.md'), docs('b.md')], { cwd: p.root });
  t.is(removed.exitCode, 0);
  t.deepEqual(removed.json.results, [
    { path: docs('a.md'), action: 'removed', memories: 1 },
    { path: docs('b.md'), action: 'absent', memories: 0 },
  ]);
  t.deepEqual((await heimdallJson(['search', 'keep'], { cwd: p.root })).json.hits, []);
});

test('--files-from reads paths from a file or stdin, NUL-separated with -0', async (t) => {
  const p = makeProject(t, { docs: { 'a b.md': '# Spaces\n\ns\n', 'line\nbreak.md': '# Newline\n\nn\n', 'q"u\'o$(x).md': '# Quotes\n\nq\n' } });
  const names = ['a b.md', 'line\nbreak.md', 'q"u\'o$(x).md'].map(docs);
  const fromStdin = await heimdallJson(['load', '--files-from', '-', '-0'], { cwd: p.root, input: names.join('\0') });
  t.deepEqual(fromStdin.json.results.map((r: FileResult) => [r.path, r.action]), names.map((n) => [n, 'loaded']));
  const list = path.join(p.root, 'list.txt');
  writeFileSync(list, `${names[0]}\n${names[2]}\n`);
  const fromFile = await heimdallJson(['load', '--files-from', list], { cwd: p.root });
  t.deepEqual(fromFile.json.results.map((r: FileResult) => r.action), ['unchanged', 'unchanged']);
});

test('human output summarizes, and the exit code is 0 when all is done', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nx\n' } });
  const result = await heimdall(['load', docs('a.md')], { cwd: p.root });
  t.is(result.exitCode, 0);
  t.regex(result.stdout, /loaded\s+\.heimdall\/docs\/a\.md \(1 memory\)/);
  t.regex(result.stdout, /1 loaded, 0 unchanged, 0 moved, 0 removed, 0 absent, 0 failed/);
});

test('a path that is not a docs file is refused; once out of scope, a stored file is removed', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nx\n' } });
  p.write('README.md', '# Root readme\n');
  const refused = await heimdallJson(['load', 'README.md'], { cwd: p.root });
  t.is(refused.exitCode, 65);
  t.is(refused.json.results[0].error.code, 'not-docs');
  await heimdall(['load', docs('a.md')], { cwd: p.root });
  p.write('.heimdall/config.yaml', 'monitoring:\n  ignore_patterns: ["a.md"]\n');
  const dropped = await heimdallJson(['load', docs('a.md')], { cwd: p.root });
  t.deepEqual(dropped.json.results, [{ path: docs('a.md'), action: 'removed', memories: 1, reason: 'ignored' }]);
});

test('a file indexed right after its write is trusted by the sync fast path once a later load confirms it', async (t) => {
  const { Store } = await import('../dist/store/store.js');
  const { reconcilePaths } = await import('../dist/load/reconcile-paths.js');
  const { SqliteBackend } = await import('../dist/store/sqlite-backend.js');
  const { loadConfig } = await import('../dist/config/load-config.js');
  const p = makeProject(t);
  const store = new Store(path.join(p.root, '.heimdall', 'memory.db'));
  // Written and indexed in the same instant (in-process, no CLI start-up between): "racily clean".
  p.write(docs('a.md'), '# A\n\nfresh\n');
  // An mtime ahead keeps the index inside the racy window even when a loaded machine takes seconds to run the load.
  const mtime = Date.now() + 3000;
  utimesSync(path.join(p.root, docs('a.md')), new Date(mtime), new Date(mtime));
  const [first] = await reconcilePaths(new SqliteBackend(store), [docs('a.md')], { config: loadConfig(p.root), cwd: p.root, mode: 'load' });
  store.close();
  t.is(first.action, 'loaded');
  // Past the racy window, a load that confirms the content makes the stat trustworthy.
  while (Date.now() < mtime + 1200) await new Promise((resolve) => setTimeout(resolve, 50));
  const confirming = await heimdallJson(['sync'], { cwd: p.root });
  t.like(confirming.json, { candidates: 1, skipped: 0, summary: { unchanged: 1 } });
  const trusted = await heimdallJson(['sync'], { cwd: p.root });
  t.like(trusted.json, { candidates: 0, skipped: 1 });
});

test('two loads of the same new content: the second is a no-op, not a second write', async (t) => {
  const { Store } = await import('../dist/store/store.js');
  const p = makeProject(t);
  const store = new Store(path.join(p.root, '.heimdall', 'memory.db'));
  t.teardown(() => store.close());
  const stat = { sha1: 'a'.repeat(40), size: 10, mtimeMs: 1 };
  const memories = [{ heading: 'A', startLine: 1, endLine: 1, text: '# A' }];
  t.true(store.replace('.heimdall/docs/a.md', stat, { title: 'A', tags: [] }, memories));
  t.false(store.replace('.heimdall/docs/a.md', stat, { title: 'A', tags: [] }, memories));
  t.is(store.liveSource('.heimdall/docs/a.md')!.memories, 1);
});

test('a narrowed scope: `load` of a stored file, or of a folder holding stored files, that the config no longer calls docs removes them, with the reason', async (t) => {
  const p = makeProject(t, { config: 'monitoring:\n  target_path: [.heimdall/docs, notes]\n', docs: { 'a.md': '# A\n\nalpha\n', 'b.markdown': '# B\n\nbravo\n', 'c.markdown': '# C\n\ncharlie\n' } });
  p.write('notes/n.md', '# N\n\nnovember\n');
  p.write('notes/deep/m.md', '# M\n\nmike\n');
  const first = await heimdallJson(['load', '.heimdall/docs', 'notes'], { cwd: p.root });
  t.is(first.json.summary.loaded, 5, first.stderr);
  p.write('.heimdall/config.yaml', 'monitoring:\n  target_path: [.heimdall/docs]\n  extensions: [.md]\n');
  const file = await heimdallJson(['load', docs('b.markdown')], { cwd: p.root });
  t.is(file.exitCode, 0, file.stderr);
  t.deepEqual(file.json.results, [{ path: docs('b.markdown'), action: 'removed', memories: 1, reason: 'not-a-docs-extension' }]);
  const folder = await heimdallJson(['load', 'notes'], { cwd: p.root });
  t.is(folder.exitCode, 0, folder.stderr);
  t.deepEqual(folder.json.results.sort((x: FileResult, y: FileResult) => x.path.localeCompare(y.path)), [
    { path: 'notes/deep/m.md', action: 'removed', memories: 1, reason: 'outside-target-paths' },
    { path: 'notes/n.md', action: 'removed', memories: 1, reason: 'outside-target-paths' },
  ]);
  const human = await heimdall(['load', docs('c.markdown')], { cwd: p.root });
  t.regex(human.stdout, /^removed +\.heimdall\/docs\/c\.markdown \(1 memory; no longer docs: not a docs extension\)$/m);
  const refused = await heimdall(['load', docs('a.md'), docs('b.markdown')], { cwd: p.root });
  t.regex(refused.stderr, /not-docs/, 'not stored any more: an ordinary refusal');
  t.deepEqual((await heimdallJson(['sources'], { cwd: p.root })).json.sources.map((s: ListedSource) => s.path), [docs('a.md')]);
});

test('an emptied file is a doc with no memories: loaded, its old text gone from search, exit 0', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nzanzibar words\n' } });
  await heimdallJson(['load', docs('a.md')], { cwd: p.root });
  writeFileSync(path.join(p.docsDir, 'a.md'), '');
  const emptied = await heimdallJson(['load', docs('a.md')], { cwd: p.root });
  t.is(emptied.exitCode, 0, emptied.stderr);
  t.deepEqual(emptied.json.results, [{ path: docs('a.md'), action: 'loaded', memories: 0 }]);
  t.deepEqual((await heimdallJson(['search', 'zanzibar'], { cwd: p.root })).json.hits, []);
  t.like((await heimdallJson(['sources'], { cwd: p.root })).json.sources[0], { path: docs('a.md'), memories: 0, size: 0, sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' });
  const again = await heimdallJson(['load', docs('a.md')], { cwd: p.root });
  t.deepEqual(again.json.results, [{ path: docs('a.md'), action: 'unchanged', memories: 0 }]);
});
