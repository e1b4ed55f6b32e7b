// A branch switch while the monitor runs: the hook's sync and the monitor see the same changes,
// and they must not both apply them (beyond `load` finding a file `unchanged`).
import test from 'ava';
import { heimdall, heimdallJson, waitFor, type DeclareTest } from './helpers/project.js';
import { makeGitRepo, commitDocs, renameDoc, assertStoreMatchesDisk, installHooks } from './helpers/git-repo.js';
import { startWatchmanServer, watchmanAvailable } from './helpers/watchman-server.js';

// Without watchman the test is skipped; under CI=true watchmanAvailable() throws, so the file fails instead.
const wmTest: DeclareTest = watchmanAvailable() ? test : test.skip;
const doc = (title: string, extra = '') => `# ${title}\n\n${title} is a document with enough text to be recognised when renamed. ${extra}\n`;
const work = (files: Record<string, number | undefined>): Record<string, number> => ({ loaded: files.loaded ?? 0, moved: files.moved ?? 0, removed: files.removed ?? 0 });

wmTest('monitor running during a branch switch: each change is applied once, by the monitor or by the hook\'s sync, never both', async (t) => {
  const server = await startWatchmanServer(t);
  const env = server.env;
  const docs = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`d${i}.md`, doc(`Doc ${i}`)]));
  const repo = await makeGitRepo(t, { docs });
  await repo.git(['checkout', '-q', '-b', 'feature']);
  for (let i = 0; i < 4; i++) renameDoc(repo, `d${i}.md`, `renamed/d${i}.md`);
  const changes: Record<string, string | null> = {};
  for (let i = 4; i < 12; i++) changes[`d${i}.md`] = doc(`Doc ${i}`, 'edited on feature');
  for (let i = 12; i < 15; i++) changes[`d${i}.md`] = null;
  for (let i = 0; i < 6; i++) changes[`new/n${i}.md`] = doc(`New ${i}`);
  await commitDocs(repo, changes, 'feature');
  await repo.git(['checkout', '-q', 'main'], { env: { HEIMDALL: '0' } });
  t.is((await heimdall(['sync'], { cwd: repo.root, env })).exitCode, 0);

  const started = await heimdall(['monitor', 'start', '--backend', 'watchman'], { cwd: repo.root, env });
  t.is(started.exitCode, 0, started.stderr);
  t.teardown(() => heimdall(['monitor', 'stop'], { cwd: repo.root, env }));
  await installHooks(t, repo.root);
  // A monitor without a saved clock starts with a catch-up (a `heimdall sync` of its own): let it finish
  // first, so that every change below is applied by either the monitor's batches or the hook's sync.
  const before = await waitFor(async () => {
    const { json } = await heimdallJson(['monitor', 'status'], { cwd: repo.root, env });
    return ['done', 'none'].includes(json.catchUp?.state) && json.pending === 0 && json.inFlight === 0 ? json : null;
  }, { timeout: 30_000, interval: 200, what: 'the monitor\'s catch-up to finish' });
  t.is(before.backend, 'watchman');

  const checkout = await repo.git(['checkout', '-q', 'feature'], { env });
  t.regex(checkout.stderr, /heimdall post-checkout: sync: \d+ checked: \d+ loaded/, checkout.stderr);
  const waited = await heimdall(['monitor', 'wait', '--timeout', '30'], { cwd: repo.root, env });
  t.is(waited.exitCode, 0, waited.stderr);
  const after = (await heimdallJson(['monitor', 'status'], { cwd: repo.root, env })).json;
  await assertStoreMatchesDisk(t, repo.root);

  const monitorWork = work(Object.fromEntries(Object.entries(work(after.stats.files)).map(([k, v]) => [k, v - work(before.stats.files)[k]])));
  const [, loaded, moved, removed] = /sync: \d+ checked: (\d+) loaded, \d+ unchanged, (\d+) moved, (\d+) removed/.exec(checkout.stderr)!.map(Number);
  const syncWork: Record<string, number> = { loaded, moved, removed };
  const total = Object.fromEntries(Object.keys(syncWork).map((k) => [k, syncWork[k] + monitorWork[k]]));
  // 8 edited + 6 new loaded; 4 renames (old removed, new moved); 3 deleted: 25 changes, each applied exactly once.
  t.deepEqual(total, { loaded: 14, moved: 4, removed: 7 }, `sync ${JSON.stringify(syncWork)} + monitor ${JSON.stringify(monitorWork)}\n${checkout.stderr}`);
  t.true(after.monitor.events > before.monitor.events, 'the monitor did see the switch');

  // And back: the same 25 changes in reverse.
  const back = await repo.git(['checkout', '-q', 'main'], { env });
  t.is((await heimdall(['monitor', 'wait', '--timeout', '30'], { cwd: repo.root, env })).exitCode, 0);
  const final = (await heimdallJson(['monitor', 'status'], { cwd: repo.root, env })).json;
  await assertStoreMatchesDisk(t, repo.root, 'back on main');
  const monitorBack = Object.fromEntries(Object.entries(work(final.stats.files)).map(([k, v]) => [k, v - work(after.stats.files)[k]]));
  const [, l2, m2, r2] = /sync: \d+ checked: (\d+) loaded, \d+ unchanged, (\d+) moved, (\d+) removed/.exec(back.stderr)!.map(Number);
  t.deepEqual({ loaded: l2 + monitorBack.loaded, moved: m2 + monitorBack.moved, removed: r2 + monitorBack.removed }, { loaded: 11, moved: 4, removed: 10 }, back.stderr);
});
