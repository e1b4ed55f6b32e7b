#!/usr/bin/env node
// The lean entries (the executor's `load` / `remove-file`, `search --json`, `hooks run`), bundled from tsc's output
// into dist/lean/: a process per call pays Node's ES module loader per module (~0.5 ms each, 56 modules for a
// `load`), one bundle pays it once. CommonJS, so that no ES module loader runs at all where it can be avoided (the
// bin is CommonJS too): it reads each file through the thread pool and waits (~14 ms a call). route.ts requires a
// bundle through V8's code cache (src/cli/require-bundle.ts; the caches live here too, and go with each build). A
// call still runs only what it uses (the markdown parser when a file changed, pg for a PostgreSQL store: see below);
// packages stay external (node_modules, as before). dist/lean/ sits at the depth of dist/cli/, so the `../../` paths
// of own-bin.ts, hook-stub.ts and package-version.ts still name the checkout's files, with import.meta.url made the
// bundle's own URL. route.ts falls back to the unbundled modules when dist/lean/ is missing (a bare `tsc`).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'lean');
const entries = ['delegated-main', 'search-main', 'hook-run-main'];

// route.ts itself, for the bin (a CommonJS file: bin/package.json): its dynamic imports stay outside, as imports
// of tsc's modules (the lean bundles are required by route.ts itself; yargs' CLI and the monitor stay ES modules).
const dynamicImportsOutside = {
  name: 'dynamic-imports-outside',
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      return { path: path.relative(outdir, path.resolve(args.resolveDir, args.path)), external: true };
    });
  },
};
const cjs = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: 'warning',
};

rmSync(outdir, { recursive: true, force: true });
await build({ ...cjs, entryPoints: [path.join(root, 'dist', 'cli', 'route.js')], outfile: path.join(outdir, 'route.cjs'), plugins: [dynamicImportsOutside] });
// One file per entry, no code splitting (split, the modules the dynamic imports share become chunks of their own, a
// dozen for a search, loaded one by one again). A dynamic import is still lazy inside one file: esbuild wraps its
// module, evaluated on first import. The packages the lazy parts use are required inside them (createRequire:
// pg, commonmark, yaml), since a static import of a package would be hoisted to the file's top and paid by all.
for (const name of entries) {
  await build({ ...cjs, entryPoints: [path.join(root, 'dist', 'cli', `${name}.js`)], outfile: path.join(outdir, `${name}.cjs`) });
}
