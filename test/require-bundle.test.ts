// The lean bundles are required through V8's code cache (src/cli/require-bundle.ts): written beside the bundle
// after the first call, used (not rewritten) by the next, rejected and rewritten when it is not V8's, never used for
// a bundle rebuilt since.
import { copyFileSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { repoRoot, tempDir } from './helpers/project.js';

const loader = pathToFileURL(path.join(repoRoot, 'dist', 'cli', 'require-bundle.js')).href;

test('a bundle required twice: the cache written once, then used; garbage is rewritten; a rebuilt bundle gets its own', async (t) => {
  const dir = tempDir(t);
  const bundle = path.join(dir, 'search-main.cjs');
  copyFileSync(path.join(repoRoot, 'dist', 'lean', 'search-main.cjs'), bundle);
  const requireIt = async () => {
    const run = await execa(process.execPath, ['--input-type=module', '-e', `import { requireBundle } from ${JSON.stringify(loader)}; console.log(typeof requireBundle(process.argv[1]).searchMain)`, bundle], { reject: false });
    t.is(run.exitCode, 0, run.stderr);
    t.is(run.stdout, 'function');
  };
  const caches = () => readdirSync(dir).filter((name) => name !== 'search-main.cjs');

  await requireIt();
  const [cache] = caches();
  t.deepEqual(caches(), [cache], 'one cache file, no temporary left');
  t.regex(cache!, new RegExp(`^search-main\\.cjs\\.\\d+-\\d+-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`));
  const file = path.join(dir, cache!);
  const first = statSync(file);
  t.true(first.size > 1000);

  await requireIt();
  t.is(statSync(file).mtimeMs, first.mtimeMs, 'accepted by V8, so not written again');

  writeFileSync(file, 'not a code cache');
  await requireIt();
  t.not(readFileSync(file, 'utf8'), 'not a code cache', 'rejected, then rewritten');
  t.true(statSync(file).size > 1000);

  const later = new Date(Date.now() + 5000);
  utimesSync(bundle, later, later);
  await requireIt();
  t.is(caches().length, 2, 'the rebuilt bundle has a cache of its own');
});
