// config.yaml as the YAML parser read it is kept in .heimdall/run/config-yaml.json with its text (src/config/
// yaml-value-cache.ts): a process that finds the same text there skips the parser (~30 ms). The text is the key, so
// no edit is missed, whatever its timestamps; validation and the environment still apply every time.
import test from 'ava';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { cachedYamlValue, rememberYamlValue } from '../dist/config/yaml-value-cache.js';
import { heimdallBin, makeProject, repoRoot, tempDir } from './helpers/project.js';

const preload = path.join(repoRoot, 'test', 'helpers', 'loaded-scripts-at-exit.cjs');
const big = `# Big\n\n${'word '.repeat(40)}\n`; // 210 bytes

/** A hand-run delegated load of big.md (no monitor snapshot), with the scripts it compiled. */
async function loadBig(t: import('ava').ExecutionContext, root: string) {
  const list = path.join(tempDir(t), 'scripts.json');
  const run = await execa(process.execPath, ['--require', preload, heimdallBin, 'load', '--project-root', root, '--files-from', '-', '-0', '--json'], {
    cwd: root,
    input: '.heimdall/docs/big.md\0',
    env: { LOADED_SCRIPTS_FILE: list, HEIMDALL_CONFIG_SNAPSHOT: '' },
    reject: false,
  });
  const { scripts }: { scripts: string[] } = JSON.parse(readFileSync(list, 'utf8'));
  return { run, yamlLoaded: scripts.some((file) => file.includes('/node_modules/yaml/')) };
}

test('the second call with the same config.yaml skips the YAML parser; an edit that keeps size and mtime still applies', async (t) => {
  const p = makeProject(t, { docs: { 'big.md': big }, config: 'load:\n  max_file_bytes: 100\n' });
  const first = await loadBig(t, p.root);
  t.is(first.run.exitCode, 65, first.run.stderr);
  t.like(JSON.parse(first.run.stdout).results[0], { action: 'failed', error: { code: 'too-large' } });
  t.true(first.yamlLoaded, 'the first call parses config.yaml');
  const cache = path.join(p.root, '.heimdall', 'run', 'config-yaml.json');
  t.is(statSync(cache).mode & 0o777, 0o600, 'readable by its owner only (a store URL may hold a password)');

  const second = await loadBig(t, p.root);
  t.false(second.yamlLoaded, 'the same text: no parser');
  t.like(JSON.parse(second.run.stdout).results[0], { action: 'failed', error: { code: 'too-large' } });

  // Same length, mtime put back: only the text tells the edit.
  const file = path.join(p.root, '.heimdall', 'config.yaml');
  const { atime, mtime } = statSync(file);
  writeFileSync(file, 'load:\n  max_file_bytes: 900\n');
  utimesSync(file, atime, mtime);
  const edited = await loadBig(t, p.root);
  t.is(edited.run.exitCode, 0, edited.run.stderr);
  t.like(JSON.parse(edited.run.stdout).results[0], { action: 'loaded' });
  t.true(edited.yamlLoaded);
});

test('invalid YAML is never cached: each call reports it; a valid value the cache cannot hold exactly is parsed each time', async (t) => {
  const p = makeProject(t, { docs: { 'big.md': big }, config: 'load: [unclosed\n' });
  for (let i = 0; i < 2; i++) {
    const { run } = await loadBig(t, p.root);
    t.is(run.exitCode, 2);
    t.regex(run.stderr, /config\.yaml/);
  }
  const root = tempDir(t);
  rememberYamlValue(root, 'a: .inf\n', { a: Number.POSITIVE_INFINITY });
  t.is(cachedYamlValue(root, 'a: .inf\n'), undefined, 'JSON would bring it back as null');
  rememberYamlValue(root, 'a: 1\n', { a: 1 });
  t.deepEqual(cachedYamlValue(root, 'a: 1\n'), { a: 1 });
  t.is(cachedYamlValue(root, 'a: 2\n'), undefined, 'another text');
});

test('the environment still counts on a cached config: MONITORING_TARGET_PATH applies whatever the cache holds', async (t) => {
  const p = makeProject(t, { docs: { 'big.md': big }, config: 'load:\n  max_file_bytes: 900\n' });
  p.write('elsewhere/other.md', '# Other\n\ntext\n');
  t.is((await loadBig(t, p.root)).run.exitCode, 0);
  const run = await execa(process.execPath, [heimdallBin, 'load', '--project-root', p.root, '--files-from', '-', '-0', '--json'], {
    cwd: p.root,
    input: 'elsewhere/other.md\0',
    env: { MONITORING_TARGET_PATH: 'elsewhere', HEIMDALL_CONFIG_SNAPSHOT: '' },
    reject: false,
  });
  t.is(run.exitCode, 0, run.stderr);
  t.like(JSON.parse(run.stdout).results[0], { path: 'elsewhere/other.md', action: 'loaded' });
});
