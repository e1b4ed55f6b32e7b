// The package as a user gets it: packed, installed into an empty project, run from there.
import test from 'ava';
import { writeFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { RecallHit } from '../dist/recall/search-memories.js';
import { repoRoot, tempDir } from './helpers/project.js';

test('npm pack, install into an empty project, and run --help, init, load, search', async (t) => {
  const packDir = tempDir(t, 'heimdall-pack-');
  const { stdout } = await execa('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: repoRoot });
  const tarball = path.join(packDir, stdout.trim().split('\n').pop()!);
  t.true(existsSync(tarball));
  // What ships: the MIT licence, and no source maps (tsc emits none, and a stale one in dist/ is excluded):
  // without src/ in the package they would point at files that are not there.
  const files = (await execa('tar', ['-tzf', tarball])).stdout.split('\n').map((entry) => entry.replace(/^package\//, ''));
  t.true(files.includes('LICENSE'), 'LICENSE is packed');
  t.regex(readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) 2026 heimdall contributors\n/);
  t.is(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).license, 'MIT');
  t.deepEqual(files.filter((file) => file.endsWith('.map')), [], 'no source maps');
  t.false(files.some((file) => file.startsWith('src/')), 'no TypeScript sources');
  t.false(files.some((file) => file.startsWith('test/') || file.endsWith('.d.ts')), 'no tests and no declarations (the tests are TypeScript, run through tsx, a dev dependency)');
  t.true(files.includes('dist/cli/route.js'));

  const project = tempDir(t, 'heimdall-user-');
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
  // Offline first: CI's `npm ci` already filled the cache with every dependency.
  await execa('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: project, timeout: 600_000 });
  const bin = path.join(project, 'node_modules', '.bin', 'heimdall');
  const run = (args: string[]) => execa(bin, args, { cwd: project, reject: false });

  const help = await run(['--help']);
  t.is(help.exitCode, 0);
  t.regex(help.stdout, /heimdall load/);
  t.is((await run(['init', '--no-hooks'])).exitCode, 0);
  writeFileSync(path.join(project, '.heimdall', 'docs', 'guide.md'), '# Guide\n\nPacked packages index markdown.\n');
  const load = await run(['load', '.heimdall/docs', '--json']);
  t.is(load.exitCode, 0, load.stderr);
  t.is(JSON.parse(load.stdout).summary.loaded, 2);
  const search = await run(['search', 'packed', '--json']);
  t.deepEqual(JSON.parse(search.stdout).hits.map((h: RecallHit) => h.path), ['.heimdall/docs/guide.md']);
});
