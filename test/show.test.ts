// `heimdall show PATH[#Heading | :START-END]`: read from the disk, resolved as `load` resolves paths.
import test, { type ExecutionContext } from 'ava';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { makeProject, heimdall, heimdallJson, tempDir } from './helpers/project.js';

const ops = `---
title: Operations
---
# Operations

Intro.

## Watchman clocks

The monitor saves the clock.

### Details

Saved after each batch.

## Setup

Run init.

# Appendix

## Setup

Again.
`;

const project = (t: ExecutionContext) => makeProject(t, { docs: { 'ops.md': ops, 'notes/plain.md': 'no headings\nat all\n' } });

test('a whole doc, with line numbers; --json gives path, title, heading, lines and text', async (t) => {
  const p = project(t);
  const human = await heimdall(['show', '.heimdall/docs/ops.md'], { cwd: p.root });
  t.is(human.exitCode, 0, human.stderr);
  const lines = human.stdout.split('\n');
  t.is(lines[0], '.heimdall/docs/ops.md:1-24  Operations');
  t.is(lines[1], ' 1  ---');
  t.is(lines[24], '24  Again.');
  const json = await heimdallJson(['show', '.heimdall/docs/ops.md'], { cwd: p.root });
  t.deepEqual(json.json, { path: '.heimdall/docs/ops.md', title: 'Operations', heading: 'Operations', lines: [1, 24], text: ops.trimEnd() });
});

test('one section by its heading text (any case) or its heading path, subsections included', async (t) => {
  const p = project(t);
  const clocks = await heimdallJson(['show', '.heimdall/docs/ops.md#watchman  CLOCKS'], { cwd: p.root });
  t.like(clocks.json, { heading: 'Operations > Watchman clocks', lines: [8, 14] });
  t.is(clocks.json.text, '## Watchman clocks\n\nThe monitor saves the clock.\n\n### Details\n\nSaved after each batch.');
  const human = await heimdall(['show', '.heimdall/docs/ops.md#Details'], { cwd: p.root });
  t.is(human.stdout, '.heimdall/docs/ops.md:12-14  Operations > Watchman clocks > Details\n12  ### Details\n13\n14  Saved after each batch.');
  const byPath = await heimdallJson(['show', '.heimdall/docs/ops.md#Appendix > Setup'], { cwd: p.root });
  t.like(byPath.json, { heading: 'Operations > Appendix > Setup', lines: [22, 24], text: '## Setup\n\nAgain.' });
  const top = await heimdallJson(['show', '.heimdall/docs/ops.md#Operations'], { cwd: p.root });
  t.like(top.json, { heading: 'Operations', lines: [4, 18] });
});

test('a line range or one line; the heading is the section the range starts in', async (t) => {
  const p = project(t);
  const range = await heimdallJson(['show', '.heimdall/docs/ops.md:10-12'], { cwd: p.root });
  t.like(range.json, { heading: 'Operations > Watchman clocks', lines: [10, 12], text: 'The monitor saves the clock.\n\n### Details' });
  const one = await heimdallJson(['show', '.heimdall/docs/notes/plain.md:2'], { cwd: p.root });
  t.deepEqual(one.json, { path: '.heimdall/docs/notes/plain.md', title: null, heading: '', lines: [2, 2], text: 'at all' });
  const human = await heimdall(['show', '.heimdall/docs/notes/plain.md:1-2'], { cwd: p.root });
  t.is(human.stdout, '.heimdall/docs/notes/plain.md:1-2\n1  no headings\n2  at all');
});

test('errors: no such heading lists the headings, several say which, a range outside the file, not a doc: exit 2', async (t) => {
  const p = project(t);
  const missing = await heimdall(['show', '.heimdall/docs/ops.md#Nope'], { cwd: p.root });
  t.is(missing.exitCode, 2);
  t.is(missing.stderr, [
    'heimdall: .heimdall/docs/ops.md has no heading "Nope"; its headings:',
    '  Operations', '  Operations > Watchman clocks', '  Operations > Watchman clocks > Details', '  Operations > Setup',
    '  Operations > Appendix', '  Operations > Appendix > Setup',
  ].join('\n'));
  const several = await heimdall(['show', '.heimdall/docs/ops.md#setup'], { cwd: p.root });
  t.is(several.exitCode, 2);
  t.regex(several.stderr, /several headings "setup"; name one by its path \(PATH#A > B\):\n {2}Operations > Setup\n {2}Operations > Appendix > Setup/);
  const outside = await heimdall(['show', '.heimdall/docs/ops.md:20-40'], { cwd: p.root });
  t.is(outside.exitCode, 2);
  t.regex(outside.stderr, /ops\.md:20-40 is outside the file: it has 24 lines/);
  t.regex((await heimdall(['show', '.heimdall/docs/ops.md:5-3'], { cwd: p.root })).stderr, /END comes before START/);
  t.regex((await heimdall(['show', '.heimdall/docs/ops.md:0'], { cwd: p.root })).stderr, /outside the file/);
  const cases: [string, RegExp][] = [
    ['.heimdall/docs/nope.md', /nope\.md is not a doc of this project \(no such file\)/],
    ['README.md', /README\.md is not a doc of this project \(outside the docs folders/],
    ['.heimdall/docs/ops.txt', /not a docs extension/],
    ['/etc/hostname', /is not a doc of this project \(outside the project root/],
    ['.heimdall/docs/notes', /notes is not a doc of this project \(not a docs extension/],
  ];
  p.write('README.md', '# Readme\n');
  p.write('.heimdall/docs/ops.txt', 'text\n');
  for (const [ref, message] of cases) {
    const result = await heimdall(['show', ref], { cwd: p.root });
    t.is(result.exitCode, 2, ref);
    t.regex(result.stderr, message, ref);
  }
  t.is((await heimdall(['show'], { cwd: p.root })).exitCode, 2, 'no PATH: usage');
});

test('paths resolve as load resolves them (from a sub-folder, absolute, through a symlink); the disk is read, not the store', async (t) => {
  const p = project(t);
  const link = path.join(tempDir(t), 'link');
  symlinkSync(p.root, link);
  const forms: [string[], string][] = [
    [['show', 'ops.md#Setup', '--json'], path.join(p.root, '.heimdall', 'docs')],
    [['show', path.join(p.root, '.heimdall/docs/ops.md#Appendix > Setup'), '--json'], p.root],
    [['show', path.join(link, '.heimdall/docs/ops.md:22-24'), '--json'], p.root],
  ];
  for (const [args, cwd] of forms) {
    const result = await heimdall(args, { cwd });
    if (args[1].startsWith('ops.md#Setup')) {
      t.is(result.exitCode, 2, 'two Setup sections');
      continue;
    }
    t.is(result.exitCode, 0, `${args[1]}: ${result.stderr}`);
    t.like(JSON.parse(result.stdout), { path: '.heimdall/docs/ops.md', lines: [22, 24] });
  }
  const sub = await heimdallJson(['show', 'notes/plain.md'], { cwd: path.join(p.root, '.heimdall', 'docs') });
  t.is(sub.json.path, '.heimdall/docs/notes/plain.md');
  // Never indexed: show does not need the store, and shows what is on disk now.
  p.write('.heimdall/docs/notes/plain.md', 'changed\n');
  t.is((await heimdallJson(['show', '.heimdall/docs/notes/plain.md'], { cwd: p.root })).json.text, 'changed');
  // A file whose name holds '#' is that file.
  p.write('.heimdall/docs/c#.md', '# C sharp\n');
  t.like((await heimdallJson(['show', '.heimdall/docs/c#.md'], { cwd: p.root })).json, { title: 'C sharp', lines: [1, 1] });
});
