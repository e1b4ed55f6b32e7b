// Imports run one way (ARCHITECTURE.md): contract/ <- the domain folders <- cli/. Read from the
// TypeScript sources, so a violation fails here before any build: every `import ... from`,
// `export ... from`, `import '...'` and `import('...')` specifier under src/ is resolved to the
// folder it names, and each folder may import only the folders listed for it below.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './helpers/project.js';

const src = path.join(repoRoot, 'src');

/**
 * The layering, bottom up. A folder imports only what is below it: contract/ (types, exit and
 * error codes, shared names) nothing; errors/ the contract; process/ (spawn, kill, liveness, log
 * rotation: node built-ins only, the monitor uses it) nothing either; config/ and paths/ the errors;
 * the leaf domains (lock, store, markdown, git, executor) those, and process/; load/ the store and the parser; recall/ (search and show, for the CLI and the MCP server) those and load/'s reader;
 * watch/ the lock and the executor; sync/ everything but load/ (it runs `load` through the
 * executor, never in-process); mcp/ (the MCP server) all of those but load/; cli/, which parses arguments and prints, anything.
 */
const foundation = ['contract', 'errors', 'config', 'paths', 'process'];
const allowed: Record<string, string[] | null> = {
  contract: [],
  process: [],
  errors: ['contract'],
  config: ['contract', 'errors'],
  paths: ['contract', 'errors', 'config'],
  lock: ['contract', 'errors'],
  store: [...foundation, 'markdown'],
  markdown: ['contract', 'errors'],
  git: foundation,
  executor: foundation,
  load: [...foundation, 'store', 'markdown'],
  recall: [...foundation, 'store', 'markdown', 'load'],
  watch: [...foundation, 'lock', 'executor'],
  sync: [...foundation, 'lock', 'store', 'git', 'executor', 'watch'],
  mcp: [...foundation, 'lock', 'store', 'git', 'executor', 'watch', 'recall', 'sync'],
  cli: null, // anything
};

const specifierPatterns = [
  /^\s*(?:import|export)\s[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm,
  /^\s*import\s+['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** The project-relative imports of one source file: `[{ file, specifier, folder }]` (folder: the one under src/ it lands in). */
function projectImports(file: string, source: string) {
  const found: { file: string; specifier: string; folder: string }[] = [];
  for (const pattern of specifierPatterns) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[1];
      if (!specifier.startsWith('.')) continue;
      const target = path.relative(src, path.resolve(path.dirname(file), specifier));
      found.push({ file: path.relative(src, file), specifier, folder: target.startsWith('..') ? '(outside src)' : target.split(path.sep)[0] });
    }
  }
  return found;
}

/** Every rule broken by `files` ({ path: source }): one line each. */
function violations(files: Record<string, string>) {
  const broken: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    const from = path.relative(src, file).split(path.sep)[0];
    if (!(from in allowed)) {
      broken.push(`${path.relative(src, file)}: src/${from}/ is not in the layering (add it to test/import-rules.test.ts and ARCHITECTURE.md)`);
      continue;
    }
    for (const edge of projectImports(file, source)) {
      if (edge.folder === from) continue;
      const may = allowed[from];
      if (from === 'contract') broken.push(`${edge.file}: contract/ imports nothing of the project, but imports ${edge.specifier}`);
      else if (edge.folder === 'cli' && from !== 'cli') broken.push(`${edge.file}: a domain folder never imports cli/, but imports ${edge.specifier}`);
      else if (may !== null && !may.includes(edge.folder)) broken.push(`${edge.file}: ${from}/ may import ${may.join(', ')}; not ${edge.specifier}`);
    }
  }
  return broken;
}

function sources(dir: string) {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    files[file] = readFileSync(file, 'utf8');
  }
  return files;
}

test('imports run one way: contract <- domain folders <- cli', (t) => {
  const files = sources(src);
  t.true(Object.keys(files).length > 100, 'the walk finds the sources');
  t.true(Object.values(files).some((source) => source.includes("from '../contract/")), 'the parser sees the imports');
  t.deepEqual(violations(files), []);
});

test('every folder under src/ has its place in the layering', (t) => {
  const folders = readdirSync(src, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  t.deepEqual(folders.sort(), Object.keys(allowed).sort());
});

test('the rules catch a violation of each kind', (t) => {
  const at = (rel: string) => path.join(src, rel);
  t.deepEqual(
    violations({
      [at('contract/x.ts')]: "import type { HeimdallConfig } from '../config/config-types.js';\n",
      [at('sync/x.ts')]: "import { printJson } from '../cli/output.js';\n",
      [at('watch/x.ts')]: "export async function f() {\n  return import('../store/store.js');\n}\n",
      [at('executor/x.ts')]: "import {\n  summarize,\n} from '../load/reconcile-call.js';\n",
      [at('git/x.ts')]: "import '../sync/run-sync.js';\nimport { a } from './a.js';\nimport path from 'node:path';\n",
    }),
    [
      "contract/x.ts: contract/ imports nothing of the project, but imports ../config/config-types.js",
      'sync/x.ts: a domain folder never imports cli/, but imports ../cli/output.js',
      'watch/x.ts: watch/ may import contract, errors, config, paths, process, lock, executor; not ../store/store.js',
      'executor/x.ts: executor/ may import contract, errors, config, paths, process; not ../load/reconcile-call.js',
      'git/x.ts: git/ may import contract, errors, config, paths, process; not ../sync/run-sync.js',
    ],
  );
});
