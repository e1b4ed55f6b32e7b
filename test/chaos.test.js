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
  chaosTest(`chaos seed ${seed}, ${ops} operations: the store ends equal to the docs on disk`, async (t) => {
    t.timeout(600_000);
    const run = await execa(process.execPath, [path.join(repoRoot, 'test/chaos/run-chaos.js'), '--seed', String(seed), '--ops', String(ops), '--quiet'], {
      reject: false,
      env: process.env,
      timeout: 590_000,
    });
    const figures = JSON.parse(run.stdout.split('\n').find((line) => line.startsWith('{"chaos"')) ?? '{"chaos":{}}').chaos;
    t.is(run.exitCode, 0, `${run.stdout}\n${run.stderr}`);
    t.like(figures, { seed, ops, differences: 0, ok: true });
    // The comparison had something to compare: a run whose repository ended empty would prove nothing.
    // (Its chmods are undone before the comparison, so every docs file on disk is readable then.)
    t.true(figures.docs > 0, `docs on disk at the end: ${figures.docs}`);
    t.is(figures.stored, figures.docs, 'the store holds one source per docs file on disk, no more');
  });
}
