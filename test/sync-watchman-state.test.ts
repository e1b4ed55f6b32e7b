// The sync side of the monitor coordination: `heimdall.sync` asserted on the watch root holds back
// a deferring subscription's notifications until the sync is done; failures are bounded, never hangs.
import test from 'ava';
import { assertSyncState, type SyncState } from '../dist/sync/assert-sync-state.js';
import { connectWatchman } from '../dist/watch/watchman-connection.js';
import { makeProject, waitFor } from './helpers/project.js';
import { privateWatchman } from './helpers/watchman-server.js';

// Without watchman these are skipped; under CI=true privateWatchman() throws, so the file fails instead.
type Asserted = Extract<SyncState, { kind: 'asserted' }>;
const watchman = privateWatchman(test, { exportSocket: true });
const needsWatchman = watchman.available ? test.serial : test.serial.skip;

needsWatchman('while the state is asserted a deferring subscription hears nothing; after it, it hears everything', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': '# A\n' } });
  const observer = connectWatchman();
  t.teardown(() => observer.close());
  const { watch } = await observer.command<{ watch: string }>(['watch-project', project.root]);
  const changes: string[] = [];
  const states: string[] = [];
  observer.onSubscription((pdu) => {
    if (pdu['state-enter'] !== undefined) states.push(`enter ${pdu['state-enter']}`);
    if (pdu['state-leave'] !== undefined) states.push(`leave ${pdu['state-leave']}`);
    if (Array.isArray(pdu.files)) changes.push(...pdu.files.map((f) => (typeof f === 'string' ? f : f.name)));
  });
  const { clock } = await observer.command(['clock', watch, { sync_timeout: 5000 }]);
  await observer.command(['subscribe', watch, 'observer', { expression: ['suffix', 'md'], fields: ['name'], since: clock, defer: ['heimdall.sync'] }]);

  const state = await assertSyncState(project.root);
  t.is(state.kind, 'asserted', state.kind === 'failed' ? state.reason : undefined);
  t.is((state as Asserted).watchRoot, watch);
  // Exclusive: a second assertion of the same state fails while this one holds.
  const rival = connectWatchman();
  t.teardown(() => rival.close());
  await t.throwsAsync(rival.command(['state-enter', watch, { name: 'heimdall.sync', sync_timeout: 1000 }]), { message: /already asserted/ });

  project.write('.heimdall/docs/during.md', '# written while the sync runs\n');
  // Make sure Watchman has seen the file (a query syncs with the filesystem), then give it time to (not) deliver.
  await observer.command(['query', watch, { expression: ['name', 'during.md'], fields: ['name'], sync_timeout: 5000 }]);
  await new Promise((resolve) => setTimeout(resolve, 700));
  t.deepEqual(changes, [], 'deferred while heimdall.sync is asserted');

  await (state as Asserted).leave();
  await waitFor(() => changes.some((name) => name.endsWith('during.md')), { timeout: 15_000, what: 'the deferred notification' });
  t.true(states.includes('enter heimdall.sync') && states.includes('leave heimdall.sync'), states.join(', '));
});

needsWatchman('the state goes when the asserting process dies', async (t) => {
  const project = makeProject(t);
  const { execa } = await import('execa');
  const script = `import { assertSyncState } from ${JSON.stringify(new URL('../dist/sync/assert-sync-state.js', import.meta.url).href)};
const s = await assertSyncState(process.argv[1]); console.log(s.kind); setInterval(() => {}, 1000);`;
  const child = execa(process.execPath, ['--input-type=module', '-e', script, project.root], { env: { WATCHMAN_SOCK: watchman.server.sock }, reject: false });
  t.teardown(() => child.kill('SIGKILL'));
  await new Promise((resolve) => child.stdout.once('data', resolve));
  const probe = connectWatchman();
  t.teardown(() => probe.close());
  const { watch } = await probe.command(['watch-project', project.root]);
  await t.throwsAsync(probe.command(['state-enter', watch, { name: 'heimdall.sync', sync_timeout: 1000 }]), { message: /already asserted/ });
  child.kill('SIGKILL');
  await child;
  await waitFor(async () => {
    try {
      await probe.command(['state-enter', watch, { name: 'heimdall.sync', sync_timeout: 1000 }]);
      return true;
    } catch {
      return false;
    }
  }, { timeout: 15_000, what: 'Watchman to vacate the dead holder\'s state' });
  t.pass();
});

test.serial('no Watchman reachable: a bounded failure, not a hang', async (t) => {
  const project = makeProject(t);
  const saved = process.env.WATCHMAN_SOCK;
  process.env.WATCHMAN_SOCK = `${project.root}/no-such-socket`;
  try {
    const started = Date.now();
    const state = await assertSyncState(project.root, { timeoutMs: 2000 });
    t.is(state.kind, 'failed');
    t.true(Date.now() - started < 10_000);
  } finally {
    process.env.WATCHMAN_SOCK = saved;
  }
});
