#!/usr/bin/env node
// Recall quality on a real corpus no one here wrote: the README.md of every package in node_modules/, one
// doc each; a package's query is its package.json description without its own name, the right answer its
// README. MRR@10 and recall@5 over memory hits (rank of the first memory of the right README among the
// first ten) for: heimdall's version-1 recall (recall-baseline.js), heimdall's current one, and minisearch
// on the same memories; for the queries as written and with each word in another form (inflect()).
// Then the speed of a search in a generated 40,000-doc store (BENCH_SPEED_DOCS), in-process and by the CLI.
import { mkdtempSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { baselineIndex } from './recall-baseline.js';
import { readmeCorpus, inflectQuery } from './recall-corpus.js';
import { recallSpeed } from './recall-speed.js';
import { report, repoRoot } from './lib.js';

const { Store } = await import(path.join(repoRoot, 'dist/store/store.js'));
const { parseMarkdown } = await import(path.join(repoRoot, 'dist/markdown/parse-markdown.js'));
const { searchMemories, defaultWeights, defaultRerank } = await import(path.join(repoRoot, 'dist/recall/search-memories.js'));
const MiniSearch = (await import('minisearch')).default;

const corpus = readmeCorpus(repoRoot);
const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'heimdall-recall-')));
try {
  const parsed = corpus.map((doc) => ({ ...doc, parsed: parseMarkdown(doc.text) }));
  const store = new Store(path.join(dir, 'v2.db'));
  parsed.forEach((doc, i) => store.replace(doc.rel, { sha1: String(i), size: 0, mtimeMs: 0 }, doc.parsed, doc.parsed.memories));
  const baseline = baselineIndex(path.join(dir, 'v1.db'), corpus);
  const mini = new MiniSearch({ fields: ['text', 'heading', 'title', 'tags', 'path'], storeFields: ['path'] });
  let id = 0;
  for (const doc of parsed) {
    for (const m of doc.parsed.memories) mini.add({ id: id++, text: m.text, heading: m.heading, title: doc.parsed.title ?? '', tags: doc.parsed.tags.join(' '), path: doc.rel })
  }

  const heimdall = (weights, rerank = defaultRerank) => async (query) => {
    const result = await searchMemories(store.search, query, { limit: 10, weights, rerank });
    return result.kind === 'hits' ? result.hits.map((hit) => hit.path) : [];
  };
  const systems = {
    'heimdall-v1': (query) => baseline.search(query, 10),
    heimdall: heimdall(defaultWeights),
    // What the re-ranking adds, and what favouring the words as typed (over their other forms) would.
    'heimdall-no-proximity': heimdall(defaultWeights, { ...defaultRerank, proximity: 0 }),
    'heimdall-exact-0.5': heimdall(defaultWeights, { ...defaultRerank, exact: 0.5 }),
    'heimdall-exact-1': heimdall(defaultWeights, { ...defaultRerank, exact: 1 }),
    minisearch: (query) => mini.search(query).slice(0, 10).map((hit) => hit.path),
    'minisearch-prefix-fuzzy': (query) => mini.search(query, { prefix: true, fuzzy: 0.2, boost: { heading: 2, title: 2 } }).slice(0, 10).map((hit) => hit.path),
  };
  const variants = { exact: (q) => q, inflected: inflectQuery };
  const figures = {};
  for (const [name, search] of Object.entries(systems)) {
    for (const [variant, transform] of Object.entries(variants)) figures[`${name}/${variant}`] = await evaluate(search, transform);
  }
  for (const [key, value] of Object.entries(figures)) report('recall', { system: key.split('/')[0], variant: key.split('/')[1], docs: corpus.length, ...value });

  // The weights: a small grid, on both variants (the README says which won and what the default is). Tags
  // are left at their default: the READMEs have no front matter.
  if (process.env.BENCH_RECALL_GRID !== '0') {
    const grid = [];
    for (const heading of [1, 2, 4]) for (const title of [1, 2, 4]) for (const path of [0.5, 1]) {
      const weights = { ...defaultWeights, heading, title, path };
      const exact = await evaluate(heimdall(weights), variants.exact);
      const inflected = await evaluate(heimdall(weights), variants.inflected);
      grid.push({ weights, exact, inflected, score: exact.mrr10 + inflected.mrr10 });
    }
    grid.sort((a, b) => b.score - a.score);
    for (const row of grid.slice(0, 8)) report('recall-weights', { weights: row.weights, exactMrr10: row.exact.mrr10, inflectedMrr10: row.inflected.mrr10 });
  }
  store.close();
  baseline.close();

  const now = figures['heimdall/exact'];
  const bent = figures['heimdall/inflected'];
  report('recall-goals', {
    beatsV1: now.mrr10 > figures['heimdall-v1/exact'].mrr10 && bent.mrr10 > figures['heimdall-v1/inflected'].mrr10 && now.recall5 > figures['heimdall-v1/exact'].recall5 && bent.recall5 > figures['heimdall-v1/inflected'].recall5,
    beatsMinisearch: ['minisearch', 'minisearch-prefix-fuzzy'].every((m) => now.mrr10 > figures[`${m}/exact`].mrr10 && bent.mrr10 > figures[`${m}/inflected`].mrr10 && now.recall5 > figures[`${m}/exact`].recall5 && bent.recall5 > figures[`${m}/inflected`].recall5),
    inflectedOverExact: round(bent.mrr10 / now.mrr10),
    goalInflectedOverExact: 0.8,
  });

  if (process.env.BENCH_SPEED_DOCS !== '0') report('recall-speed', await recallSpeed(corpus, Number(process.env.BENCH_SPEED_DOCS ?? 40_000)));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function evaluate(search, transform) {
  let reciprocal = 0;
  let top5 = 0;
  for (const doc of corpus) {
    const rank = (await search(transform(doc.query))).indexOf(doc.rel) + 1;
    if (rank > 0) reciprocal += 1 / rank;
    if (rank > 0 && rank <= 5) top5 += 1;
  }
  return { queries: corpus.length, mrr10: round(reciprocal / corpus.length), recall5: round(top5 / corpus.length) };
}

function round(x) {
  return Math.round(x * 1000) / 1000;
}
