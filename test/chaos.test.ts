// The short chaos run of the default suite: a few fixed seeds (the long run is by hand:
// `npm run test:chaos -- --seed N --ops K`). A failure prints the seed and the operation log.
import test from 'ava';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from './helpers/project.js';
import { watchmanAvailable } from './helpers/watchman-server.js';

const seeds = (process.env.HEIMDALL_CHAOS_SEEDS ?? '101,202,303').split(',').map(Number);
const ops = Number(process.env.HEIMDALL_CHAOS_OPS ?? 60);

// Without watchman the run is skipped; under CI=true watchmanAvailable() throws, so the file fails instead.
const chaosTest = watchmanAvailable() ? test.serial : test.serial.skip;

for (const seed of seeds) {
  chaosTest(`chaos seed ${seed}, ${ops} operations: each store ends equal to its docs on disk`, async (t) => {
    t.timeout(600_000);
    const run = await execa(process.execPath, ['--import=tsx', path.join(repoRoot, 'test/chaos/run-chaos.ts'), '--seed', String(seed), '--ops', String(ops), '--quiet'], {
      reject: false,
      env: process.env,
      timeout: 590_000,
    });
    const figures = JSON.parse(run.stdout.split('\n').find((line) => line.startsWith('{"chaos"')) ?? '{"chaos":{}}').chaos;
    const shown = `${run.stdout}\n${run.stderr}`;
    t.is(run.exitCode, 0, shown);
    t.like(figures, { seed, ops, differences: 0, ok: true });
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
    for (const [kind, { attempted, injected }] of Object.entries<{ attempted: number; injected: number }>(figures.faults.byKind)) {
      t.true(injected > 0, `${kind} was drawn ${attempted} time(s) and never injected`);
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
