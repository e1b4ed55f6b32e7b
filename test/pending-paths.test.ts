// The one per-path merge of pending work (executor/pending-paths.ts): the monitor's pending changes
// and the executor's queue are both one.
import test from 'ava';
import { createPendingPaths } from '../dist/executor/pending-paths.js';
import { createSubmitQueue } from '../dist/executor/submit-queue.js';

const paths = (entries: { path: string }[]) => entries.map((entry) => entry.path);

function twoSubmits() {
  const submits = createSubmitQueue();
  return [submits.open().waiter, submits.open().waiter] as const;
}

test('without submits (the monitor): the latest belief wins, a path named again moves to the end, bounded by paths', (t) => {
  const pending = createPendingPaths();
  for (let i = 0; i < 1000; i++) pending.add(`a${i % 10}.md`, i % 2 === 0);
  pending.add('a3.md', true);
  t.is(pending.size, 10);
  const taken = pending.takeCandidates();
  t.deepEqual(taken.slice(-2), [{ path: 'a9.md', deleted: false }, { path: 'a3.md', deleted: true }]);
  t.deepEqual(taken[0], { path: 'a0.md', deleted: true });
  t.is(pending.size, 0);
});

test('within one submit a path named again moves to the end; the submit waits for it once', (t) => {
  const [first] = twoSubmits();
  const pending = createPendingPaths();
  pending.add('w.md', true, first);
  pending.add('x.md', false, first);
  pending.add('w.md', false, first);
  const all = pending.takeAll();
  t.deepEqual(paths(all), ['x.md', 'w.md']);
  t.like(all[1], { deleted: false, attempts: 0 });
  t.deepEqual(all[1].waiters, [first]);
});

test('a path an earlier submit waits for keeps its place and gains the later submit; the latest belief still wins', (t) => {
  const [first, second] = twoSubmits();
  const pending = createPendingPaths();
  pending.add('x.md', false, first);
  pending.add('y.md', false, first);
  pending.add('q.md', false, second);
  pending.add('x.md', true, second);
  pending.add('x.md', false, second);
  const all = pending.takeAll();
  t.deepEqual(paths(all), ['x.md', 'y.md', 'q.md'], 'oldest first: a path changed over and over is not starved');
  t.false(all[0].deleted);
  t.deepEqual(all[0].waiters, [first, second]);
});

test('requeue: a path submitted anew meanwhile keeps the newer entry, which inherits the attempts and the waiters', (t) => {
  const [first, second] = twoSubmits();
  const pending = createPendingPaths();
  pending.add('x.md', false, first);
  pending.add('z.md', false, first);
  const [x, z] = pending.takeAll();
  x.attempts = 2;
  z.attempts = 1;
  pending.add('y.md', false, second);
  pending.add('x.md', true, second);
  pending.requeue(x);
  pending.requeue(z);
  const all = pending.takeAll();
  t.deepEqual(paths(all), ['y.md', 'x.md', 'z.md']);
  t.like(all[1], { deleted: true, attempts: 2 });
  t.deepEqual(all[1].waiters, [second, first]);
  t.is(all[2], z, 'put back as it was');
});

test('take: oldest first, batchSize per command, or batchSize in all when one call takes both', (t) => {
  const fill = () => {
    const pending = createPendingPaths();
    for (let i = 0; i < 5; i++) pending.add(`l${i}.md`, false), pending.add(`r${i}.md`, true);
    return pending;
  };
  const apart = fill();
  const first = apart.take(3, false);
  t.deepEqual([paths(first.remove), paths(first.load)], [['r0.md', 'r1.md', 'r2.md'], ['l0.md', 'l1.md', 'l2.md']]);
  t.is(apart.size, 4);
  const together = fill();
  const one = together.take(3, true);
  t.deepEqual([paths(one.remove), paths(one.load)], [['r0.md'], ['l0.md', 'l1.md']]);
  t.is(together.size, 7);
});
