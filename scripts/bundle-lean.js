#!/usr/bin/env node
// The lean entries (the executor's `load` / `remove-file`, `search --json`, `hooks run`), bundled from tsc's output
// into dist/lean/: a process per call pays Node's ES module loader per module (~0.5 ms each, 56 modules for a
// `load`), one bundle pays it once. A call still runs only what it uses (the markdown parser when a file changed, pg
// for a PostgreSQL store: see below); packages stay external (node_modules, as before). dist/lean/ sits at the depth of dist/cli/, so the `../../` paths of
// own-bin.ts, hook-stub.ts and package-version.ts still name the checkout's files. route.ts falls back to
// the unbundled modules when dist/lean/ is missing (a bare `tsc`).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'lean');
const entries = ['delegated-main', 'search-main', 'hook-run-main'];

rmSync(outdir, { recursive: true, force: true });
// One file per entry, no code splitting (split, the modules the dynamic imports share become chunks of their own, a
// dozen for a search, loaded one by one again). A dynamic import is still lazy inside one file: esbuild wraps its
// module, evaluated on first import. The packages the lazy parts use are required inside them (createRequire:
// pg, commonmark, yaml), since a static import of a package would be hoisted to the file's top and paid by all.
for (const name of entries) {
  await build({
    entryPoints: [path.join(root, 'dist', 'cli', `${name}.js`)],
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    entryNames: '[name]',
    logLevel: 'warning',
  });
}
