// A write planned from an older read must not land after a newer writer's (load plans a file outside the store's
// write lock, then writes it: plan-file.ts). Two loaders of one file, the monitor's load and a sync say: the first
// reads version 1, the file becomes version 2, the second reads and stores version 2, then the first writes. Written
// blindly, version 1 would stay in the store for good (no event follows to mend it). Each case below replays that
// interleaving step by step, in-process, on both backends.
import test, { type ExecutionContext } from 'ava';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../dist/config/load-config.js';
import { planLoad, type Outcome, type Plan, type Planner } from '../dist/load/plan-file.js';
import { reconcilePaths } from '../dist/load/reconcile-paths.js';
import { createDocsMatcher } from '../dist/paths/docs-matcher.js';
import { PostgresStore } from '../dist/store/postgres/postgres-store.js';
import { SqliteBackend } from '../dist/store/sqlite-backend.js';
import type { StoreBackend } from '../dist/store/store-backend.js';
import { Store } from '../dist/store/store.js';
import { makeProject, type DeclareTest, type Project } from './helpers/project.js';
import { privateCluster } from './helpers/pg-cluster.js';

const pg = privateCluster(test);
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const rel = (name: string) => `.heimdall/docs/${name}`;

type Backend = 'sqlite' | 'postgres';
const backends: Array<{ name: Backend; declare: DeclareTest }> = [
  { name: 'sqlite', declare: test },
  { name: 'postgres', declare: pg.test },
];

async function setUp(t: ExecutionContext, backend: Backend, docs: Record<string, string>) {
  const project = makeProject(t, { docs });
  const config = loadConfig(project.root, {});
  let store: StoreBackend;
  if (backend === 'sqlite') store = new SqliteBackend(new Store(path.join(project.root, '.heimdall', 'stale-test.sqlite')));
  else store = await PostgresStore.open({ url: (await pg.cluster.createDatabase()).url, project: 'p' });
  t.teardown(() => store.close());
  const planner: Planner = { store, config, matcher: createDocsMatcher(config), blocking: () => {} };
  // Another process's whole call: it reads the disk as it is now and writes.
  const otherLoader = (...names: string[]) => reconcilePaths(store, names.map(rel), { config, cwd: project.root, mode: 'load' });
  const storedSha = async (name: string) => (await store.liveSource(rel(name)))?.sha1;
  return { project, store, planner, otherLoader, storedSha };
}

const run = async (plan: Plan): Promise<Outcome> => (plan.kind === 'done' ? plan.outcome : plan.write());
const write = (project: Project, name: string, text: string) => project.write(rel(name), text);

for (const { name: backend, declare } of backends) {
  declare(`${backend}: an edit planned from an older read, written after the newer one, leaves the newer one stored`, async (t) => {
    const s = await setUp(t, backend, { 'a.md': '# A\n\nversion 0\n' });
    await s.otherLoader('a.md');
    write(s.project, 'a.md', '# A\n\nversion 1, read by the slow loader\n');
    const slow = await planLoad(s.planner, rel('a.md'));
    t.is(slow.kind, 'write');
    const newest = '# A\n\nversion 2, the last edit, read by the quick loader\n';
    write(s.project, 'a.md', newest);
    t.like((await s.otherLoader('a.md'))[0], { action: 'loaded' });
    // The slow loader writes last: it finds the disk moved on, plans again under the lock, and stores nothing new.
    t.like(await run(slow), { path: rel('a.md'), action: 'unchanged' });
    t.is(await s.storedSha('a.md'), sha1(newest));
  });

  declare(`${backend}: a new file's first load, planned before an edit and written after the edit's load, does not undo it`, async (t) => {
    const s = await setUp(t, backend, {});
    write(s.project, 'new.md', '# New\n\nfirst words\n');
    const slow = await planLoad(s.planner, rel('new.md'));
    const newest = '# New\n\nfirst words, and more\n';
    write(s.project, 'new.md', newest);
    await s.otherLoader('new.md');
    t.like(await run(slow), { action: 'unchanged' });
    t.is(await s.storedSha('new.md'), sha1(newest));
  });

  declare(`${backend}: a removal planned while the file was gone, written after it came back and was loaded, loads it instead`, async (t) => {
    const s = await setUp(t, backend, { 'b.md': '# B\n\nhere\n' });
    await s.otherLoader('b.md');
    s.project.remove(rel('b.md'));
    const slow = await planLoad(s.planner, rel('b.md'));
    const back = '# B\n\nback again, with other words\n';
    write(s.project, 'b.md', back);
    await s.otherLoader('b.md');
    t.like(await run(slow), { path: rel('b.md'), action: 'unchanged' });
    t.is(await s.storedSha('b.md'), sha1(back));
  });

  declare(`${backend}: a rename planned from an older read does not claim the old memories over the newer content`, async (t) => {
    const text = '# C\n\nmoved soon\n';
    const s = await setUp(t, backend, { 'c.md': text });
    await s.otherLoader('c.md');
    renameSync(path.join(s.project.root, rel('c.md')), path.join(s.project.root, rel('d.md')));
    await s.otherLoader('c.md');
    const slow = await planLoad(s.planner, rel('d.md')); // would claim c.md's memories (same content)
    const newest = '# D\n\nedited right after the move\n';
    write(s.project, 'd.md', newest);
    await s.otherLoader('d.md');
    t.like(await run(slow), { action: 'unchanged' });
    t.is(await s.storedSha('d.md'), sha1(newest));
    t.is(await s.storedSha('c.md'), undefined);
  });

  declare(`${backend}: a file rewritten at every try fails temporary (the executor's retry reads it later), and writes nothing`, async (t) => {
    const s = await setUp(t, backend, { 'e.md': '# E\n\nstored\n' });
    await s.otherLoader('e.md');
    const storedBefore = await s.storedSha('e.md');
    let edits = 0;
    // Each check under the lock finds an edit made since the read: the stat seen there never matches.
    const file = path.join(s.project.root, rel('e.md'));
    const restless: Planner = {
      ...s.planner,
      blocking: () => {
        edits++;
        write(s.project, 'e.md', `# E\n\nedit ${edits}${'!'.repeat(edits)}\n`);
      },
    };
    write(s.project, 'e.md', '# E\n\nedit 0\n');
    const outcome = await run(await planLoad(restless, rel('e.md')));
    t.like(outcome, { action: 'failed', error: { code: 'vanished', permanent: false } });
    t.true(edits >= 3, `edits: ${edits}`);
    t.is(await s.storedSha('e.md'), storedBefore, 'nothing written');
    t.true(readFileSync(file, 'utf8').startsWith('# E'));
  });
}
