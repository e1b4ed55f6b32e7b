// The monitor end to end: a private Watchman server, `heimdall monitor start`, real
// `load`/`remove-file` children and a real store; every assertion after `monitor wait`.
import test from 'ava';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RecallHit } from '../dist/recall/search-memories.js';
import { heimdall, makeProject, type ListedSource } from './helpers/project.js';
import { monitorTools, privateWatchman } from './helpers/watchman-server.js';

// Under CI=true a missing watchman throws here and fails the file.
const watchman = privateWatchman(test);
const wmTest = watchman.test;

const docs = (name: string) => `.heimdall/docs/${name}`;

wmTest('create, modify, delete, rename, move out of and into the docs: all in the store after `monitor wait`', async (t) => {
  const project = makeProject(t, { docs: { 'keep.md': '# Keep\n\nstays as it is\n' } });
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  await m.start();
  await m.wait();
  t.deepEqual(await m.sources(), [docs('keep.md')], 'the catch-up at the first start loaded the existing doc');

  project.write(docs('new.md'), '# New\n\nzebracorn appears\n');
  await m.wait();
  t.true((await m.sources()).includes(docs('new.md')));
  const hit = async (word: string) => JSON.parse((await m.run(['search', word, '--json'])).stdout).hits.map((h: RecallHit) => h.path);
  t.deepEqual(await hit('zebracorn'), [docs('new.md')]);

  project.write(docs('new.md'), '# New\n\nquokkalite instead\n');
  await m.wait();
  t.deepEqual(await hit('quokkalite'), [docs('new.md')]);
  t.deepEqual(await hit('zebracorn'), [], 'the old content is gone');

  renameSync(path.join(project.root, docs('new.md')), path.join(project.root, docs('renamed.md')));
  await m.wait();
  t.deepEqual(await hit('quokkalite'), [docs('renamed.md')]);

  renameSync(path.join(project.root, docs('renamed.md')), path.join(project.root, 'outside.md'));
  await m.wait();
  t.deepEqual(await m.sources(), [docs('keep.md')], 'moved out of the docs: removed');

  mkdirSync(path.join(project.root, docs('sub')), { recursive: true });
  renameSync(path.join(project.root, 'outside.md'), path.join(project.root, docs('sub/back.md')));
  await m.wait();
  t.deepEqual(await m.sources(), [docs('keep.md'), docs('sub/back.md')], 'moved into the docs: loaded');

  project.remove(docs('sub/back.md'));
  await m.wait();
  t.deepEqual(await m.sources(), [docs('keep.md')], 'deleted: removed');
  const status = await m.status();
  t.is(status.failures.length, 0);
});

wmTest('an emptied file, a blank one and a new empty one are docs with no memories: no failure, the old text gone', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': '# A\n\nzanzibarish\n', 'b.md': '# B\n\nquixoticish\n' } });
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  await m.start();
  await m.wait();
  project.write(docs('a.md'), '');
  project.write(docs('b.md'), '\uFEFF  \n\n');
  project.write(docs('new.md'), '');
  await m.wait();
  const sources = JSON.parse((await m.run(['sources', '--json'])).stdout).sources;
  t.deepEqual(sources.map((s: ListedSource) => [s.path, s.memories]), [[docs('a.md'), 0], [docs('b.md'), 0], [docs('new.md'), 0]]);
  for (const word of ['zanzibarish', 'quixoticish']) t.deepEqual(JSON.parse((await m.run(['search', word, '--json'])).stdout).hits, [], word);
  const status = await m.status();
  t.deepEqual(status.failures, []);
  t.is(status.stats.files.failed ?? 0, 0);
});

wmTest('a burst of 2,000 writes: few batches, the right final state', async (t) => {
  const project = makeProject(t);
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  await m.start();
  await m.wait();
  const files = 200;
  const finalContent = new Map();
  for (let write = 0; write < 2000; write++) {
    const rel = docs(`burst/doc-${write % files}.md`);
    const content = `# Doc ${write % files}\n\nwrite ${write}\n`;
    project.write(rel, content);
    finalContent.set(rel, content);
  }
  await m.wait(120);
  const status = await m.status();
  const sources = JSON.parse((await m.run(['sources', '--json'])).stdout).sources;
  t.is(sources.length, files);
  for (const source of sources) {
    const expected = createHash('sha1').update(finalContent.get(source.path)).digest('hex');
    t.is(source.sha1, expected, `${source.path} holds its last write`);
  }
  t.true(status.monitor.batches <= 20, `${status.monitor.batches} batches for 2,000 writes`);
  t.true(status.stats.calls <= 25, `${status.stats.calls} executor calls`);
  t.is(status.pending, 0);
});

wmTest('changes made while the monitor is down are applied at start, deletions included, each file loaded once', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': '# A\n\nalpha one\n', 'b.md': '# B\n\nbravo\n' } });
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  await m.start();
  await m.wait();
  t.deepEqual(await m.sources(), [docs('a.md'), docs('b.md')]);
  t.is((await m.run(['monitor', 'stop'])).exitCode, 0);
  t.truthy(JSON.parse(readFileSync(path.join(project.root, '.heimdall/run/applied-clock.json'), 'utf8')).clock);

  project.write(docs('a.md'), '# A\n\nalpha two\n');
  project.remove(docs('b.md'));
  project.write(docs('c.md'), '# C\n\ncharlie\n');
  await m.start();
  await m.wait();
  t.deepEqual(await m.sources(), [docs('a.md'), docs('c.md')]);
  const status = await m.status();
  t.is(status.catchUp.state, 'none', 'a saved clock: no full reconcile');
  t.is(status.stats.files.loaded ?? 0, 2, 'only a.md and c.md were loaded');
  t.is(status.stats.files.removed ?? 0, 1);
  t.is(status.monitor.events, 3);
});

wmTest('SIGHUP reloads the config: a new target path is watched and caught up', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': '# A\n\nalpha\n' } });
  project.write('notes/n.md', '# N\n\nnotes before\n');
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  const pid = await m.start();
  await m.wait();
  t.deepEqual(await m.sources(), [docs('a.md')]);
  project.write('.heimdall/config.yaml', 'monitoring:\n  target_path: [.heimdall/docs, notes]\n');
  process.kill(pid, 'SIGHUP');
  const { waitFor } = await import('./helpers/project.js');
  await waitFor(async () => (await m.status()).targetPaths?.includes('notes'), { timeout: 20_000, what: 'the reload' });
  await m.wait();
  t.deepEqual(await m.sources(), [docs('a.md'), 'notes/n.md'], 'the existing file under the new target was caught up');
  project.write('notes/later.md', '# L\n\nlater\n');
  await m.wait();
  t.true((await m.sources()).includes('notes/later.md'));
});

wmTest('a project below the watch root (a folder of a git repository) is watched through relative_root', async (t) => {
  const { tempDir } = await import('./helpers/project.js');
  const repo = tempDir(t);
  mkdirSync(path.join(repo, '.git'));
  const root = path.join(repo, 'packages', 'app');
  mkdirSync(path.join(root, '.heimdall', 'docs'), { recursive: true });
  const project = { root, write: (rel: string, content: string) => makeWrite(root, rel, content) };
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  await m.start();
  await m.wait();
  const status = await m.status();
  t.is(status.watchRoot, repo);
  project.write(docs('nested.md'), '# Nested\n\nbelow the watch root\n');
  makeWrite(repo, 'other/.heimdall/docs/not-ours.md', '# Not ours\n');
  await m.wait();
  t.deepEqual(await m.sources(), [docs('nested.md')]);
  t.is((await m.run(['monitor', 'health'])).exitCode, 0, 'the canary is seen through relative_root too');
});

function makeWrite(root: string, rel: string, content: string) {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}
