// Recall as a new user meets it: word forms, the title, tags and path words, phrases, exclusions, prefixes,
// identifiers, the any-word fallback said out loud, and the --path / --tag filters.
import test, { type ExecutionContext } from 'ava';
import type { RecallHit } from '../dist/recall/search-memories.js';
import { makeProject, heimdall, heimdallJson, type Project } from './helpers/project.js';
import { guide, recallDocs } from './helpers/recall-corpus.js';

const docs = {
  'guide.md': guide,
  ...recallDocs,
  'hidden.md': '---\nheimdall:\n  index: false\n---\n# Hidden\n\nThe ledger of secrets.\n',
};

async function indexed(t: ExecutionContext) {
  const p = makeProject(t, { docs });
  const load = await heimdall(['load', '.heimdall/docs'], { cwd: p.root });
  t.is(load.exitCode, 0, load.stderr);
  return p;
}

const search = async (p: Project, ...args: string[]) => {
  const result = await heimdallJson(['search', ...args], { cwd: p.root });
  if (result.exitCode !== 0) throw new Error(`search ${args.join(' ')}: exit ${result.exitCode}: ${result.stderr}`);
  return result.json;
};
const places = (json: { hits: RecallHit[] }) => json.hits.map((hit) => `${hit.path.replace('.heimdall/docs/', '')} ${hit.heading}`);

test('other word forms match (porter): configure, migrate; heading paths start with the title', async (t) => {
  const p = await indexed(t);
  t.deepEqual(places(await search(p, 'configure')), ['guide.md Setup guide > Configuration']);
  t.deepEqual(places(await search(p, 'migrate')), ['guide.md Setup guide > Database']);
  t.deepEqual(places(await search(p, 'reuse', 'connection')), ['lang.md Languages > Pools']);
  // Text before the first heading is under the title, not "(top)".
  const human = await heimdall(['search', 'read', 'first'], { cwd: p.root });
  t.regex(human.stdout, /^\.heimdall\/docs\/guide\.md:5-5 {2}Setup guide$/m);
});

test('the title, the tags and the words of the path are searchable; index: false docs keep no memories', async (t) => {
  const p = await indexed(t);
  t.deepEqual(places(await search(p, 'setup', 'database')), ['guide.md Setup guide > Database']);
  t.deepEqual(places(await search(p, 'onboarding')).length, 3, 'a tag finds every memory of its doc');
  t.deepEqual(places(await search(p, 'languages', 'pool')), ['lang.md Languages > Pools']);
  t.deepEqual(places(await search(p, 'runbooks')), ['runbooks/payments.md Payments']);
  t.deepEqual(places(await search(p, 'ledger')), ['runbooks/payments.md Payments'], 'hidden.md is not in search');
  t.deepEqual(places(await search(p, 'hidden')), []);
});

test('"quoted phrases" match in order only; -word excludes; a dashed word of one or two letters is a flag, a word', async (t) => {
  const p = await indexed(t);
  t.deepEqual(places(await search(p, '"connection pool"')), ['guide.md Setup guide > Configuration']);
  t.deepEqual(places(await search(p, '"pool connection"')), []);
  const withPool = places(await search(p, 'pool')).sort();
  t.deepEqual(withPool, ['guide.md Setup guide > Configuration', 'lang.md Languages > Pools']);
  // Without `--`: heimdall moves search's dashed words past the options itself.
  const excluded = await search(p, 'pool', '-config');
  t.deepEqual(places(excluded), ['lang.md Languages > Pools']);
  t.deepEqual(excluded.excluded, ['config']);
  t.deepEqual(places(await search(p, 'migrations', '-"the draft"')), ['guide.md Setup guide > Database'], 'the phrase "the draft" is not there');
  t.deepEqual(places(await search(p, 'migrations', '-"is a draft"')), []);
  const flag = await search(p, 'write', '-C');
  t.deepEqual(flag.excluded, []);
  t.deepEqual(places(flag), ['lang.md Languages']);
  const only = await heimdall(['search', '--', '-draft'], { cwd: p.root });
  t.is(only.exitCode, 2);
  t.regex(only.stderr, /only excludes \(-draft\): name at least one word/);
  t.is((await heimdall(['search', '-draft', '--json'], { cwd: p.root })).exitCode, 2);
});

test('only a last word of three letters or more matches as a prefix', async (t) => {
  const p = await indexed(t);
  t.deepEqual(places(await search(p, 'ledg')), ['runbooks/payments.md Payments']);
  t.deepEqual(places(await search(p, 'led')), ['runbooks/payments.md Payments'], 'three letters: a prefix');
  t.deepEqual(places(await search(p, 'le')), [], 'two letters: the word "le" only');
  // `C++` is the word "c": only the memory that has it, not every word starting with c.
  t.deepEqual(places(await search(p, 'C++')), ['lang.md Languages']);
  const inner = await search(p, 'ledg', 'refunds');
  t.true(inner.fallback, 'not the last word: no prefix, so no memory has both');
  t.deepEqual(inner.hits.map((hit: RecallHit) => hit.matched), [['refunds']]);
});

test('identifiers: camelCase and snake_case match their parts, and as written', async (t) => {
  const p = await indexed(t);
  for (const query of ['handle', 'error', 'handleError', 'HandleError', 'file bytes', 'max_file_bytes', 'maxFileBytes', '"handle error"']) {
    t.deepEqual(places(await search(p, ...query.split(' '))), ['guide.md Setup guide > Configuration'], query);
  }
});

test('the JSON says which words each hit has and whether any-word hits were added; people read it in one line', async (t) => {
  const p = await indexed(t);
  const all = await search(p, 'refunds', 'ledger');
  t.like(all, { words: ['refunds', 'ledger'], excluded: [], fallback: false });
  t.deepEqual(all.hits[0].matched, ['refunds', 'ledger']);
  const any = await search(p, 'refunds', 'zebra', 'migrations');
  t.true(any.fallback);
  t.deepEqual(any.hits.map((hit: RecallHit) => hit.matched).sort(), [['migrations'], ['refunds']]);
  const human = await heimdall(['search', 'refunds', 'zebra', 'migrations'], { cwd: p.root });
  t.is(human.stdout.split('\n')[0], 'no memory has all of: refunds zebra migrations; showing memories with any of them');
  // One memory has them all: no fallback, no line.
  const some = await heimdall(['search', 'pool', 'reused'], { cwd: p.root });
  t.is(some.stdout.split('\n')[0], '.heimdall/docs/lang.md:8-10  Languages > Pools');
  const none = await heimdall(['search', 'qwertyuiop'], { cwd: p.root });
  t.regex(none.stdout, /^No memories match "qwertyuiop"\.$/);
});

test('--path GLOB (project path, path in the docs folder, file name, folder) and --tag TAG (every one given)', async (t) => {
  const p = await indexed(t);
  for (const glob of ['runbooks/*.md', 'runbooks', '.heimdall/docs/runbooks/**', 'payments.md', 'pay*.md', './runbooks/']) {
    t.deepEqual(places(await search(p, 'ledger', 'refunds', '--path', glob)), ['runbooks/payments.md Payments'], glob);
  }
  t.deepEqual(places(await search(p, 'ledger', '--path', 'guide.md')), []);
  t.deepEqual(places(await search(p, 'pool', '--path', 'guide.md', '--path', 'lang.md')).length, 2, 'several globs: any of them');
  t.deepEqual(places(await search(p, 'pool', '--tag', 'ops')), ['guide.md Setup guide > Configuration']);
  t.deepEqual(places(await search(p, 'pool', '--tag', 'ONBOARDING', '--tag', 'ops')), ['guide.md Setup guide > Configuration'], 'case-insensitive, all of them');
  t.deepEqual(places(await search(p, 'pool', '--tag', 'ops', '--tag', 'languages')), []);
  t.is((await heimdall(['search', 'pool', '--tag='], { cwd: p.root })).exitCode, 2);
});
