// The running monitor follows edits of its own `.heimdall/config.yaml`, with each backend:
// a folder added to target_path is watched and caught up, a folder removed loses its
// memories, an invalid edit keeps the running config and says so; and `monitor wait`
// returns only once the change is applied (every check reads the store right after it).
import test from 'ava';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RecallHit } from '../dist/recall/search-memories.js';
import { heimdall, makeProject, repoRoot, waitFor } from './helpers/project.js';
import { monitorTools, privateWatchman, type MonitorTools } from './helpers/watchman-server.js';

const watchman = privateWatchman(test);

const docs = (name: string) => `.heimdall/docs/${name}`;
const withNotes = 'monitoring:\n  target_path: [.heimdall/docs, notes]\n  settle_ms: 50\n';
const docsOnly = 'monitoring:\n  target_path: [.heimdall/docs]\n  settle_ms: 50\n';

const Database = createRequire(import.meta.url)('better-sqlite3');

function storedPaths(root: string) {
  const db = new Database(path.join(root, '.heimdall', 'memory.db'), { readonly: true });
  try {
    return db.prepare('SELECT path FROM sources WHERE removed_at_ms IS NULL ORDER BY path').all().map((row: { path: string }) => row.path);
  } finally {
    db.close();
  }
}

async function hits(m: MonitorTools, word: string) {
  const result = await m.run(['search', word, '--json']);
  return JSON.parse(result.stdout).hits.map((hit: RecallHit) => hit.path);
}

for (const backend of ['watchman', 'node']) {
  watchman.test(`${backend}: config edits are applied while the monitor runs; an invalid one keeps the running config`, async (t) => {
    const project = makeProject(t, { config: docsOnly, docs: { 'a.md': '# A\n\nalpha\n' } });
    project.write('notes/n.md', '# N\n\nnovemberish notes\n');
    const m = await monitorTools(t, project, watchman.server, { heimdall });
    await m.start(['--backend', backend]);
    await m.wait();
    t.deepEqual(await m.sources(), [docs('a.md')]);

    project.write('.heimdall/config.yaml', withNotes);
    await m.wait();
    t.deepEqual(await hits(m, 'novemberish'), ['notes/n.md'], 'a doc of the added folder is searchable once `monitor wait` returns');
    t.deepEqual((await m.status()).targetPaths, ['.heimdall/docs', 'notes']);
    project.write('notes/later.md', '# L\n\nlaterish\n');
    await m.wait();
    t.deepEqual(await hits(m, 'laterish'), ['notes/later.md'], 'the added folder is watched');

    project.write('.heimdall/config.yaml', 'monitoring: [unclosed\n');
    await m.wait();
    const status = await m.status();
    t.regex(status.config.error?.message ?? '', /config\.yaml was not applied, the previous config keeps running: .*not valid YAML/);
    t.deepEqual(status.targetPaths, ['.heimdall/docs', 'notes'], 'the running config is kept');
    const human = await m.run(['monitor', 'status']);
    t.regex(human.stdout, /warning: .*config\.yaml was not applied, the previous config keeps running/);
    const log = readFileSync(path.join(project.root, '.heimdall', 'logs', 'monitor.log'), 'utf8');
    t.regex(log, /config: .*config\.yaml was not applied.*not valid YAML/);
    project.write('notes/during.md', '# D\n\nduringish\n');
    await m.wait();
    // The CLI itself refuses the invalid config: read the store directly.
    t.true(storedPaths(project.root).includes('notes/during.md'), 'still applied under the running config (its children use it too)');

    project.write('.heimdall/config.yaml', docsOnly);
    await m.wait();
    t.deepEqual(await m.sources(), [docs('a.md')], 'the removed folder lost its memories');
    const fixed = await m.status();
    t.is(fixed.config.error, null);
    t.deepEqual(fixed.targetPaths, ['.heimdall/docs']);
    t.is(fixed.failures.length, 0);
    project.write('notes/after.md', '# After\n\nafterish\n');
    project.write(docs('b.md'), '# B\n\nbravo\n');
    await m.wait();
    t.deepEqual(await m.sources(), [docs('a.md'), docs('b.md')], 'the removed folder is not watched any more');
  });
}

watchman.test('watchman: a config edited while the monitor was down is caught up at the next start, though the saved clock is recent', async (t) => {
  const project = makeProject(t, { config: docsOnly, docs: { 'a.md': '# A\n\nalpha\n' } });
  project.write('notes/n.md', '# N\n\nnotes\n');
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  await m.start();
  await m.wait();
  t.is((await m.run(['monitor', 'stop'])).exitCode, 0);
  project.write('.heimdall/config.yaml', withNotes);
  await m.start();
  await m.wait();
  t.deepEqual(await m.sources(), [docs('a.md'), 'notes/n.md']);
  t.is((await m.status()).catchUp.state, 'done', 'another docs scope than the saved clock was applied under: a full sync');
});

watchman.test("a config edited while a batch's load has yet to read its config: the batch is applied under the config that chose it", async (t) => {
  const gated = path.join(repoRoot, 'test', 'fixtures', 'watch', 'gated-load.js');
  const executor = `executor:\n  load_command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(gated)}]\n`;
  const project = makeProject(t, { config: withNotes + executor, docs: { 'a.md': '# A\n\nalpha\n' } });
  const gateOpen = path.join(project.root, '.heimdall', 'gate.open');
  const gateWaiting = path.join(project.root, '.heimdall', 'gate.waiting');
  writeFileSync(gateOpen, '');
  const m = await monitorTools(t, project, watchman.server, { heimdall });
  await m.start();
  await m.wait();
  t.deepEqual(await m.sources(), [docs('a.md')]);

  rmSync(gateOpen);
  project.write('notes/n.md', '# N\n\nnovemberish\n');
  await waitFor(() => existsSync(gateWaiting), { timeout: 20_000, what: "the batch's load to wait at the gate" });
  // The monitor chose notes/n.md under withNotes; its load reads a config only once the gate opens.
  project.write('.heimdall/config.yaml', docsOnly + executor);
  await waitFor(async () => (await m.status()).targetPaths.length === 1, { timeout: 20_000, what: 'the narrowed scope to be applied' });
  writeFileSync(gateOpen, '');
  await m.wait();

  const status = await m.status();
  t.deepEqual(status.failures, [], 'the load did not judge the path by a config the monitor had not chosen it with');
  t.is(status.stats.files['loaded'], 1, 'loaded by the batch, under the config that made it a candidate');
  t.deepEqual(await m.sources(), [docs('a.md')], 'and removed by the catch-up the narrowed scope owes');
});
