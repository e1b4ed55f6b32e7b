import test from 'ava';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { HeimdallConfig } from '../dist/config/config-types.js';
import type { FileResult } from '../dist/contract/load-report.js';
import { makeProject, tempDir, heimdall, heimdallJson, type ListedSource } from './helpers/project.js';

const commandsWithExamples = [
  'init', 'load', 'remove-file', 'search', 'show', 'sources', 'status', 'config', 'sync', 'watch',
  'monitor', 'monitor start', 'monitor stop', 'monitor restart', 'monitor status', 'monitor health', 'monitor wait',
  'hooks', 'hooks install', 'hooks uninstall', 'hooks status', 'mcp',
];

test('every command and subcommand has --help with usage and an example', async (t) => {
  for (const command of commandsWithExamples) {
    const result = await heimdall([...command.split(' '), '--help']);
    t.is(result.exitCode, 0, command);
    t.regex(result.stdout, new RegExp(`heimdall ${command}`), command);
    t.regex(result.stdout, /Examples:/, command);
  }
});

test('unknown commands and flags are usage errors (exit 2)', async (t) => {
  const dir = makeProject(t).root;
  const unknownCommand = await heimdall(['frobnicate'], { cwd: dir });
  t.is(unknownCommand.exitCode, 2);
  t.regex(unknownCommand.stderr, /unknown command "frobnicate"/);
  const unknownFlag = await heimdall(['sources', '--frob'], { cwd: dir });
  t.is(unknownFlag.exitCode, 2);
  t.regex(unknownFlag.stderr, /Unknown argument: frob/);
  const noCommand = await heimdall([], { cwd: dir });
  t.is(noCommand.exitCode, 2);
  const noPaths = await heimdall(['load'], { cwd: dir });
  t.is(noPaths.exitCode, 2);
  t.regex(noPaths.stderr, /at least one path/);
});

test('init creates config, docs and .gitignore; running it again changes nothing', async (t) => {
  const dir = tempDir(t);
  const first = await heimdallJson(['init', '--no-hooks'], { cwd: dir });
  t.is(first.exitCode, 0);
  t.deepEqual(first.json.created.sort(), ['.heimdall/.gitignore', '.heimdall/config.yaml', '.heimdall/docs/README.md']);
  const gitignore = readFileSync(path.join(dir, '.heimdall/.gitignore'), 'utf8');
  for (const runtime of ['memory.db', 'run/', 'logs/']) t.true(gitignore.includes(runtime));
  t.false(gitignore.split('\n').some((line) => !line.startsWith('#') && line.includes('docs')));
  const config = await heimdallJson(['config'], { cwd: dir });
  t.deepEqual(config.json.monitoring.targetPaths, ['.heimdall/docs']);
  const before = readFileSync(path.join(dir, '.heimdall/config.yaml'), 'utf8');
  const second = await heimdall(['init', '--no-hooks'], { cwd: dir });
  t.is(second.exitCode, 0);
  t.regex(second.stdout, /already initialized.*nothing changed/);
  t.is(readFileSync(path.join(dir, '.heimdall/config.yaml'), 'utf8'), before);
});

test('the commented config template parses to the defaults', async (t) => {
  const dir = tempDir(t);
  const defaults = await heimdallJson(['config'], { cwd: dir });
  await heimdall(['init', '--no-hooks'], { cwd: dir });
  const templated = await heimdallJson(['config'], { cwd: dir });
  t.deepEqual({ ...templated.json, configFile: null }, defaults.json);
});

test('project root: the nearest folder holding .heimdall/; --project-root overrides', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nx\n' } });
  const deep = path.join(p.root, 'src', 'deep');
  mkdirSync(deep, { recursive: true });
  t.is((await heimdallJson(['status'], { cwd: deep })).json.root, p.root);

  // A git repository is not a project by itself: the git top-level is no fallback any more.
  const repo = tempDir(t);
  execFileSync('git', ['init', '-q', repo]);
  mkdirSync(path.join(repo, 'pkg', 'sub'), { recursive: true });
  const inGit = await heimdall(['status'], { cwd: path.join(repo, 'pkg', 'sub') });
  t.is(inGit.exitCode, 2);
  t.regex(inGit.stderr, /no heimdall project here \(run `heimdall init`\)/);

  const plain = tempDir(t);
  t.is((await heimdallJson(['status', '--project-root', p.root], { cwd: plain })).json.root, p.root);
  const missing = await heimdall(['status', '--project-root', path.join(plain, 'nope')], { cwd: plain });
  t.is(missing.exitCode, 2);
  t.regex(missing.stderr, /is not a directory/);
  const notAProject = await heimdall(['status', '--project-root', plain], { cwd: p.root });
  t.is(notAProject.exitCode, 2);
  t.regex(notAProject.stderr, /no heimdall project in .* it has no \.heimdall\//);
});

const badConfigs = [
  { name: 'malformed YAML', text: 'monitoring: [unclosed\n', fragment: /config\.yaml: not valid YAML/ },
  { name: 'a wrong type', text: 'load:\n  max_file_bytes: lots\n', fragment: /config\.yaml: "load\.max_file_bytes" must be an integer/ },
  { name: 'a wrong list', text: 'monitoring:\n  extensions: 7\n', fragment: /"monitoring\.extensions" must be a string or a list/ },
  { name: 'an unknown section', text: 'monitorin:\n  target_path: x\n', fragment: /unknown key "monitorin": did you mean "monitoring"\?/ },
  { name: 'a misspelled key in a section', text: 'monitoring:\n  targt_path: docs\n', fragment: /unknown key "monitoring\.targt_path": did you mean "monitoring\.target_path"\?/ },
  { name: 'a misspelled key two levels down', text: 'executor:\n  retry:\n    atempts: 3\n', fragment: /unknown key "executor\.retry\.atempts": did you mean "executor\.retry\.attempts"\?/ },
  { name: 'a key in the wrong section', text: 'monitoring:\n  max_file_bytes: 10\n', fragment: /unknown key "monitoring\.max_file_bytes": did you mean "load\.max_file_bytes"\?/ },
  { name: 'a key like no other', text: 'logging:\n  colour: blue\n', fragment: /unknown key "logging\.colour" \(known here: logging\.max_bytes, logging\.keep\)/ },
  { name: 'a target path outside the root', text: 'monitoring:\n  target_path: ../elsewhere\n', fragment: /"monitoring\.target_path" must be a path inside/ },
  { name: 'a shell string as a command', text: 'executor:\n  load_command: "heimdall load"\n', fragment: /"executor\.load_command" must be a non-empty list/ },
];

for (const row of badConfigs) {
  test(`config error: ${row.name} names the file and key, exit 2`, async (t) => {
    const p = makeProject(t, { config: row.text, docs: { 'a.md': '# A\n' } });
    const result = await heimdall(['load', '.heimdall/docs/a.md'], { cwd: p.root });
    t.is(result.exitCode, 2);
    t.regex(result.stderr, row.fragment);
    t.true(result.stderr.includes(path.join(p.root, '.heimdall', 'config.yaml')));
  });
}

test('config keys: target_path (one or a list), extensions, ignore_patterns, and MONITORING_TARGET_PATH', async (t) => {
  const p = makeProject(t, {
    config: 'monitoring:\n  target_path: [docs, notes]\n  extensions: [md, .TXT]\n  ignore_patterns: ["drafts", "notes/private/**"]\n',
  });
  p.write('docs/a.md', '# A\n\nalpha\n');
  p.write('docs/b.txt', 'plain text doc\n');
  p.write('docs/drafts/c.md', '# Draft\n');
  p.write('notes/private/d.md', '# Private\n');
  p.write('notes/e.md', '# E\n\nepsilon\n');
  p.write('notes/node_modules/f.md', '# Vendored\n');
  const loaded = await heimdallJson(['load', 'docs', 'notes'], { cwd: p.root });
  t.deepEqual(loaded.json.results.map((r: FileResult) => r.path).sort(), ['docs/a.md', 'docs/b.txt', 'notes/e.md']);
  const env = await heimdallJson(['config'], { cwd: p.root, env: { MONITORING_TARGET_PATH: 'elsewhere' } });
  t.deepEqual(env.json.monitoring.targetPaths, ['elsewhere']);
});

test('MONITORING_TARGET_PATH: a comma-separated list; spaces around items and empty items are dropped', async (t) => {
  const p = makeProject(t, { config: 'monitoring:\n  target_path: ignored-when-the-variable-is-set\n' });
  const targets = async (value: string) => (await heimdallJson(['config'], { cwd: p.root, env: { MONITORING_TARGET_PATH: value } })).json.monitoring.targetPaths;
  t.deepEqual(await targets('docs,notes'), ['docs', 'notes']);
  t.deepEqual(await targets(' docs , notes/deep ,,'), ['docs', 'notes/deep']);
  t.deepEqual(await targets('docs,./docs'), ['docs'], 'one folder spelled twice is one target');
  t.deepEqual(await targets(''), ['ignored-when-the-variable-is-set'], 'empty: the config file applies');
  p.write('docs/a.md', '# A\n\nalpha\n');
  p.write('notes/b.md', '# B\n\nbravo\n');
  p.write('other/c.md', '# C\n\ncharlie\n');
  const synced = await heimdallJson(['sync'], { cwd: p.root, env: { MONITORING_TARGET_PATH: 'docs, notes' } });
  t.is(synced.exitCode, 0, synced.stderr);
  t.deepEqual((await heimdallJson(['sources'], { cwd: p.root })).json.sources.map((s: ListedSource) => s.path).sort(), ['docs/a.md', 'notes/b.md']);
  for (const [value, fragment] of [[' , ', /MONITORING_TARGET_PATH must be one path or a comma-separated list/], ['docs,../outside', /MONITORING_TARGET_PATH must be a path inside the project root \(got "\.\.\/outside"\)/]] satisfies [string, RegExp][]) {
    const bad = await heimdall(['config'], { cwd: p.root, env: { MONITORING_TARGET_PATH: value } });
    t.is(bad.exitCode, 2, value);
    t.regex(bad.stderr, fragment);
  }
});

test('no store yet: search and status say so (exit 66) without creating it; sources lists nothing', async (t) => {
  const p = makeProject(t);
  const search = await heimdall(['search', 'anything'], { cwd: p.root });
  t.is(search.exitCode, 66);
  t.is(search.stdout, '');
  t.regex(search.stderr, /no store yet .*: run `heimdall sync`/);
  t.is((await heimdall(['search', 'anything', '--json'], { cwd: p.root })).exitCode, 66);
  t.deepEqual((await heimdallJson(['sources'], { cwd: p.root })).json, { sources: [] });
  const status = await heimdallJson(['status'], { cwd: p.root });
  t.is(status.exitCode, 66);
  t.like(status.json, { sources: 0, memories: 0, exists: false });
  t.regex(status.stderr, /no store yet/);
  t.false(existsSync(path.join(p.root, '.heimdall', 'memory.db')));
  writeFileSync(path.join(p.docsDir, 'x.md'), '# X\n');
  t.is((await heimdall(['sync'], { cwd: p.root })).exitCode, 0);
  t.is((await heimdall(['search', 'anything'], { cwd: p.root })).exitCode, 0, 'an empty answer from a store that exists');
  t.is((await heimdall(['status'], { cwd: p.root })).exitCode, 0);
});

test('ignore patterns: literal names and real globs both work (globs load the glob engine on demand)', async (t) => {
  const { createDocsMatcher } = await import('../dist/paths/docs-matcher.js');
  const base = { targetPaths: ['docs'], extensions: ['.md'], settleMs: 100, settleCapMs: 2000 };
  // Only the keys the matcher reads (the assertion still refuses a key the config does not have).
  const literal = createDocsMatcher({ monitoring: { ...base, ignorePatterns: ['drafts', 'docs/private'] } as HeimdallConfig['monitoring'] });
  t.false(literal.isDocs('docs/drafts/a.md'));
  t.false(literal.isDocs('docs/private/deep/a.md'));
  t.false(literal.isDocs('docs/node_modules/a.md'));
  t.true(literal.isDocs('docs/drafts-not/a.md'));
  const globs = createDocsMatcher({ monitoring: { ...base, ignorePatterns: ['*.tmp.md', 'docs/{old,older}/**'] } as HeimdallConfig['monitoring'] });
  t.false(globs.isDocs('docs/x.tmp.md'));
  t.false(globs.isDocs('docs/older/y.md'));
  t.true(globs.isDocs('docs/new/y.md'));
});
