import test, { type ExecutionContext } from 'ava';
import type { RecallHit } from '../dist/recall/search-memories.js';
import { makeProject, heimdall, heimdallJson } from './helpers/project.js';

const doc = `---
title: Operations
tags: [ops, watchman]
---
# Operations

Intro paragraph about the monitor.

## Watchman clocks

The monitor persists the Watchman clock after each applied batch.

## Branch switches

A branch switch arrives as one batch once the index lock is gone.
`;

async function indexed(t: ExecutionContext) {
  const p = makeProject(t, { docs: { 'ops.md': doc, 'other.md': '# Other\n\nNothing about clocks here, only watchman.\n' } });
  await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  return p;
}

test('search returns path, heading path, line range, marked snippet and score', async (t) => {
  const p = await indexed(t);
  const result = await heimdallJson(['search', 'applied', 'batch'], { cwd: p.root });
  t.is(result.exitCode, 0);
  t.is(result.json.query, 'applied batch');
  const [hit] = result.json.hits;
  t.is(hit.path, '.heimdall/docs/ops.md');
  t.is(hit.heading, 'Operations > Watchman clocks');
  t.deepEqual(hit.lines, [9, 11]);
  t.regex(hit.snippet, /\*\*applied\*\* \*\*batch\*\*/);
  t.is(typeof hit.score, 'number');
  t.true(hit.score > 0);
});

test('all words first, any word when nothing has them all; --limit bounds the hits', async (t) => {
  const p = await indexed(t);
  const all = await heimdallJson(['search', 'clocks', 'watchman'], { cwd: p.root });
  t.true(all.json.hits.length >= 2);
  const any = await heimdallJson(['search', 'branch', 'zebra'], { cwd: p.root });
  t.deepEqual(any.json.hits.map((h: RecallHit) => h.heading), ['Operations > Branch switches']);
  const limited = await heimdallJson(['search', 'monitor', '--limit', '1'], { cwd: p.root });
  t.is(limited.json.hits.length, 1);
});

test('punctuation and FTS operators in a query are words, not syntax', async (t) => {
  const p = await indexed(t);
  for (const query of ['"unbalanced', 'NEAR(x', 'a:b -c', 'AND OR NOT', '***']) {
    const result = await heimdallJson(['search', query], { cwd: p.root });
    t.is(result.exitCode, 0, query);
    t.true(Array.isArray(result.json.hits));
  }
});

test('the last word matches as a prefix; removed files leave the results', async (t) => {
  const p = await indexed(t);
  const prefix = await heimdallJson(['search', 'persi'], { cwd: p.root });
  t.is(prefix.json.hits[0].heading, 'Operations > Watchman clocks');
  await heimdall(['remove-file', '.heimdall/docs/ops.md'], { cwd: p.root });
  const after = await heimdallJson(['search', 'persists'], { cwd: p.root });
  t.deepEqual(after.json.hits, []);
});

test('human output shows location, heading and snippet', async (t) => {
  const p = await indexed(t);
  const result = await heimdall(['search', 'index', 'lock'], { cwd: p.root });
  t.regex(result.stdout, /\.heimdall\/docs\/ops\.md:13-\d+ {2}Operations > Branch switches/);
  const none = await heimdall(['search', 'qwertyuiop'], { cwd: p.root });
  t.regex(none.stdout, /No memories match/);
});
