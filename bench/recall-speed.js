// The speed half of bench/recall-bench.js: a store of `count` generated docs (words drawn from the README
// corpus by their frequency there, so common and rare words are as in real docs), searched in-process with
// a mix of queries (two or three words, a prefix, the corpus' descriptions, some matching nothing in
// full, so they fall back to any word), then through the CLI.
import path from 'node:path';
import { heimdallBin, median, percentile, repoRoot, runMeasured, seededRandom, tempProject } from './lib.js';

const { Store } = await import(path.join(repoRoot, 'dist/store/store.js'));
const { parseMarkdown } = await import(path.join(repoRoot, 'dist/markdown/parse-markdown.js'));
const { searchMemories } = await import(path.join(repoRoot, 'dist/recall/search-memories.js'));

export async function recallSpeed(corpus, count) {
  // Prose words: links and code blocks out, or `https` and `github` would be in a third of all memories.
  const prose = (text) => text.replace(/```[\s\S]*?```/g, ' ').replace(/\(?https?:\/\/[^\s)]*\)?/g, ' ');
  const words = corpus.flatMap((doc) => prose(doc.text).match(/[A-Za-z][A-Za-z0-9_]{1,20}/g) ?? []);
  const rand = seededRandom(42);
  const pick = () => words[Math.floor(rand() * words.length)];
  const sentence = (n) => Array.from({ length: n }, pick).join(' ');
  const project = tempProject('heimdall-bench-recall-');
  try {
    const store = new Store(path.join(project.root, '.heimdall', 'memory.db'));
    const started = performance.now();
    const batch = 500;
    for (let i = 0; i < count; i += batch) {
      const docs = [];
      for (let j = i; j < Math.min(count, i + batch); j++) {
        const sections = Array.from({ length: 4 }, () => `## ${sentence(2)}\n\n${sentence(40)}.\n\n${sentence(30)}.\n`).join('\n');
        docs.push([`.heimdall/docs/d${j % 100}/doc-${j}.md`, parseMarkdown(`---\ntags: [${pick()}]\n---\n# ${sentence(3)}\n\n${sentence(20)}.\n\n${sections}`)]);
      }
      // One transaction per 500 files, as `load` writes a chunk.
      store.groupWrites(true);
      docs.forEach(([rel, doc], k) => store.replace(rel, { sha1: String(i + k), size: 0, mtimeMs: 0 }, doc, doc.memories));
      store.commitGroup();
      store.groupWrites(false);
    }
    const buildMs = performance.now() - started;
    const queries = [];
    for (let i = 0; i < 100; i++) queries.push(sentence(2), sentence(3), `${pick()} ${pick().slice(0, 4)}`);
    for (const doc of corpus.slice(0, 100)) queries.push(doc.query);
    for (const q of queries.slice(0, 20)) await searchMemories(store.search, q, { limit: 10 });
    const times = [];
    let fallbacks = 0;
    for (const query of queries) {
      const t0 = performance.now();
      const result = await searchMemories(store.search, query, { limit: 10 });
      times.push(performance.now() - t0);
      if (result.kind === 'hits' && result.fallback) fallbacks++;
    }
    const memories = store.status(0).memories;
    store.close();
    // The CLI next to `node -e 0`, interleaved (a busy moment hits both alike), after one warm-up call (the
    // store's pages into the page cache): the ratio is the per-call floor of a search in this store.
    await runMeasured([process.execPath, heimdallBin, 'search', queries[0], '--json'], { cwd: project.root });
    const cli = [];
    const node = [];
    for (let i = 0; i < 20; i++) {
      cli.push((await runMeasured([process.execPath, heimdallBin, 'search', queries[i], '--json'], { cwd: project.root })).wallMs);
      node.push((await runMeasured([process.execPath, '-e', '0'])).wallMs);
    }
    return {
      docs: count,
      memories,
      buildSeconds: Math.round(buildMs / 100) / 10,
      queries: queries.length,
      fallbacks,
      p50Ms: round(median(times)),
      p95Ms: round(percentile(times, 95)),
      maxMs: round(Math.max(...times)),
      goalP95Ms: 20,
      cliMedianMs: Math.round(median(cli)),
      nodeStartMs: Math.round(median(node)),
      cliRatio: Math.round((median(cli) / median(node)) * 100) / 100,
    };
  } finally {
    project.cleanup();
  }
}

function round(x) {
  return Math.round(x * 10) / 10;
}
