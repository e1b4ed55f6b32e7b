// The short chaos run of the default suite: a few fixed seeds (the long run is by hand:
// `npm run test:chaos -- --seed N --ops K [--store postgres]`). A failure prints the seed and the operation log.
// A seed written `pg:N` runs with the PostgreSQL store (a private cluster of the run's own, each project a namespace).
import test from 'ava';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from './helpers/project.js';
import { watchmanAvailable } from './helpers/watchman-server.js';
import { postgresAvailable } from './helpers/pg-cluster.js';

const seeds = (process.env.HEIMDALL_CHAOS_SEEDS ?? '101,202,303,pg:22').split(',').map((entry) => {
  const [, pg, seed] = /^(pg:)?(\d+)$/.exec(entry.trim()) ?? [];
  if (seed === undefined) throw new Error(`HEIMDALL_CHAOS_SEEDS: ${entry} is neither N nor pg:N`);
  return { seed: Number(seed), store: pg ? ('postgres' as const) : ('sqlite' as const) };
});
const ops = Number(process.env.HEIMDALL_CHAOS_OPS ?? 60);

// Without watchman the run is skipped; under CI=true watchmanAvailable() throws, so the file fails instead.
// The same for PostgreSQL, asked only when a seed needs it: under CI=true postgresAvailable() throws when it is missing.
const chaosTest = watchmanAvailable() ? test.serial : test.serial.skip;
const pgChaosTest = seeds.some(({ store }) => store === 'postgres') && postgresAvailable() ? chaosTest : test.serial.skip;

for (const { seed, store } of seeds) {
  const title = `chaos seed ${seed}${store === 'postgres' ? ' on PostgreSQL' : ''}, ${ops} operations: each store ends equal to its docs on disk`;
  (store === 'postgres' ? pgChaosTest : chaosTest)(title, async (t) => {
    t.timeout(600_000);
    const args = ['--seed', String(seed), '--ops', String(ops), '--store', store, '--quiet'];
    const run = await execa(process.execPath, ['--import=tsx', path.join(repoRoot, 'test/chaos/run-chaos.ts'), ...args], {
      reject: false,
      env: process.env,
      timeout: 590_000,
    });
    const figures = JSON.parse(run.stdout.split('\n').find((line) => line.startsWith('{"chaos"')) ?? '{"chaos":{}}').chaos;
    const shown = `${run.stdout}\n${run.stderr}`;
    t.is(run.exitCode, 0, shown);
    t.like(figures, { seed, ops, store, differences: 0, ok: true });
    if (figures.faults === undefined) return; // the run broke before its report: the output above says why
    // The comparison had something to compare: a run whose repository ended empty would prove nothing.
    // (Its chmods are undone before the comparison, so every docs file on disk is readable then.)
    t.true(figures.docs > 0, `docs on disk at the end: ${figures.docs}`);
    t.is(figures.stored, figures.docs, 'the stores hold one source per docs file on disk, no more');

    // What the run exercised, as counted from what happened (not from what was drawn).
    t.true(figures.unprivileged, 'the run drops CAP_DAC_OVERRIDE, so that chmod 000 really makes files unreadable');
    t.is(figures.chmod.stillReadable, 0, 'every chmod 000 made its file unreadable');
    t.true(figures.operations > 0 && figures.noops * 5 <= figures.operations, `no-ops: ${figures.noops} of ${figures.operations} operations (${JSON.stringify(figures.noopsBy)})`);
    t.true(figures.faults.injected > 0, `faults: ${JSON.stringify(figures.faults)}`);
    // killLoad included: the store's stall seam holds a monitor's load inside a file's write until it is killed.
    // The mode's own kinds: PostgreSQL draws no SQLite lock holder, and the server restarted instead.
    for (const [kind, { attempted, injected }] of Object.entries<{ attempted: number; injected: number }>(figures.faults.byKind)) {
      t.true(figures.faultKinds.includes(kind), `${kind} is no fault of the ${store} mode (${figures.faultKinds.join(', ')})`);
      t.true(injected > 0, `${kind} was drawn ${attempted} time(s) and never injected`);
    }
    if (store === 'postgres') {
      t.false(figures.faultKinds.includes('busyStore'));
      t.true(figures.faults.byKind.restartServer?.injected > 0, `the PostgreSQL server was never restarted: ${JSON.stringify(figures.faults.byKind)}`);
      // Loads ran while it was down (its fault edits docs then): they failed temporary, and the store converged all the same.
      t.true(figures.postgres?.temporaryFailures > 0, `no call failed temporarily on the PostgreSQL store: ${JSON.stringify(figures.postgres)}`);
      t.deepEqual(Object.keys(figures.postgres?.namespaces ?? {}), ['chaos/sub', 'chaos/top']);
    }
    // Merges and rebases mostly succeed (and so run their hooks); those that conflict are a minority.
    const { merges, rebases } = figures;
    if (merges.ok + merges.conflicted + rebases.ok + rebases.conflicted > 0) {
      t.true(merges.ok + rebases.ok > merges.conflicted + rebases.conflicted, `merges ${JSON.stringify(merges)}, rebases ${JSON.stringify(rebases)}`);
    }
    // The hooks ran (in the background) for both projects of the repository: one set of stubs serves them.
    for (const [project, { hooks }] of Object.entries<{ hooks: { 'post-merge': number; 'post-rewrite': number } }>(figures.byProject ?? {})) {
      if (figures.merges.ok > 0) t.true(hooks['post-merge'] > 0, `${project}: no post-merge sync after ${figures.merges.ok} merge(s)`);
      if (figures.rebases.ok > 0) t.true(hooks['post-rewrite'] > 0, `${project}: no post-rewrite sync after ${figures.rebases.ok} rebase(s)`);
    }
    for (const project of ['.', 'sub']) {
      const compared = figures.byProject?.[project];
      t.true(compared?.docs > 0 && compared.stored === compared.docs, `${project}: ${JSON.stringify(compared)}`);
    }
  });
}
