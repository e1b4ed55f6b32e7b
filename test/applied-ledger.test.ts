// The applied-changes ledger on its own: when the Watchman clock is saved and when `monitor wait`
// may claim success (the monitor's one rule), against a stand-in catch-up.
import test, { type ExecutionContext } from 'ava';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createAppliedLedger } from '../dist/watch/applied-ledger.js';
import { createCatchUpOwed } from '../dist/watch/catch-up-owed.js';
import type { CatchUpRun } from '../dist/watch/catch-up-sync.js';
import { tempDir } from './helpers/project.js';

/** A ledger over a temp run dir; the test sets `busy` and `reloadOwed`, and finishes catch-ups by hand. */
function ledgerWith(t: ExecutionContext) {
  const runDir = path.join(tempDir(t), 'run');
  mkdirSync(runDir, { recursive: true });
  const runs: { ok: () => void; fail: () => void }[] = [];
  const catchUp = createCatchUpOwed(() => {
    let finish: (outcome: Awaited<CatchUpRun['done']>) => void;
    const done = new Promise<Awaited<CatchUpRun['done']>>((resolve) => (finish = resolve));
    runs.push({ ok: () => finish({ ok: true, summary: {} }), fail: () => finish({ ok: false, error: 'sync broke' }) });
    return { done, kill: () => {} };
  }, () => {}, () => {});
  t.teardown(() => catchUp.stop());
  const flags = { busy: false, reloadOwed: false };
  const ledger = createAppliedLedger({
    runDir,
    catchUp,
    reloadOwed: () => flags.reloadOwed,
    degraded: () => null,
    busy: () => flags.busy,
    clockTarget: () => ({ watchRoot: '/watched', scope: 'scope' }),
    fail: (message) => t.fail(message),
  });
  t.teardown(() => ledger.cancel('the test ended'));
  const saved = () => {
    const file = path.join(runDir, 'applied-clock.json');
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).clock : null;
  };
  return { ledger, catchUp, runs, flags, saved };
}

/** Whether the promise has settled after the pending callbacks ran. */
async function settled(promise: Promise<unknown>) {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

test('the clock is saved only when idle and no catch-up is owed', async (t) => {
  const { ledger, catchUp, runs, flags, saved } = ledgerWith(t);
  ledger.received();
  ledger.clock('c:2');
  flags.busy = true;
  ledger.settle();
  t.is(saved(), null, 'not while a job runs or changes are pending');
  flags.busy = false;
  ledger.settle();
  t.is(saved(), 'c:2');
  t.is(ledger.appliedClock, 'c:2');

  ledger.clock('c:3');
  ledger.oweCatchUp();
  ledger.settle();
  ledger.applied(ledger.point());
  t.is(saved(), 'c:2', 'a batch applied while a catch-up is owed does not move the clock');
  const owed = catchUp.due();
  t.deepEqual(owed, ledger.point());
  const run = catchUp.run(owed!);
  ledger.applied(ledger.point());
  t.is(saved(), 'c:2', 'nor while it runs');
  runs[0].ok();
  t.true(await run);
  ledger.applied(owed!);
  t.is(saved(), 'c:3');
  t.is(ledger.since, 'c:3');
});

test('a wait resolves only once every change received before it is applied', async (t) => {
  const { ledger, flags } = ledgerWith(t);
  t.deepEqual(await ledger.wait(1000), { ok: true }, 'nothing received: nothing to wait for');
  ledger.received();
  const first = ledger.point();
  ledger.received();
  const second = ledger.point();
  flags.busy = true;
  const waited = ledger.wait(5000);
  ledger.received();
  ledger.applied(first);
  t.false(await settled(waited), 'not before the second change is applied');
  ledger.applied(second);
  t.deepEqual(await waited, { ok: true }, 'a change received after the wait does not hold it');
  t.deepEqual(await ledger.wait(50), { ok: false, reason: 'changes are still being applied' }, 'a new wait covers the third change');
});

test('a failed or owed catch-up blocks success', async (t) => {
  const { ledger, catchUp, runs, saved } = ledgerWith(t);
  ledger.clock('c:5');
  ledger.oweCatchUp();
  t.deepEqual(await ledger.wait(50), { ok: false, reason: 'the catch-up (heimdall sync) is not done' });
  const owed = catchUp.due();
  const waited = ledger.wait(5000);
  const run = catchUp.run(owed!);
  runs[0].fail();
  t.false(await run);
  ledger.applied(ledger.point());
  t.false(await settled(waited), 'a failed catch-up stays owed');
  t.true(catchUp.owed());
  t.is(saved(), null);
  t.is(catchUp.state.state, 'retrying');
});

test('a config reload counts as a change', async (t) => {
  const { ledger, flags } = ledgerWith(t);
  ledger.received();
  flags.reloadOwed = true;
  t.deepEqual(await ledger.wait(50), { ok: false, reason: 'the config is being reloaded' });
  const waited = ledger.wait(5000);
  ledger.settle();
  ledger.applied(ledger.point());
  t.false(await settled(waited), 'not while the reload is owed');
  flags.reloadOwed = false;
  ledger.settle();
  t.deepEqual(await waited, { ok: true });
});
