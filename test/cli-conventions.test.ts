// CLI conventions a demanding user expects: commands outside a project create nothing,
// `| head` is no error, --version, "did you mean", and where `init` puts the project.
import test from 'ava';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { heimdall, heimdallBin, heimdallJson, makeProject, repoRoot, tempDir, type ListedSource } from './helpers/project.js';

/** Every path under `dir` with its type and size: what "nothing was created" is checked against. */
function listing(dir: string) {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const child = path.join(rel, name);
      const stat = statSync(path.join(dir, child));
      out.push(`${child} ${stat.isDirectory() ? 'dir' : stat.size}`);
      if (stat.isDirectory() && name !== '.git') walk(child);
    }
  };
  walk('');
  return out;
}

/** Pids of live processes whose command line mentions `text` (state Z counts as gone). */
function processesMentioning(text: string) {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) continue;
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text)) found.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const needsAProject = [
  ['load', 'a.md'], ['remove-file', 'a.md'], ['search', 'x'], ['show', 'a.md'], ['sources'], ['status'], ['sync'], ['sync', '--since', 'HEAD'],
  ['watch'], ['monitor', 'start'], ['monitor', 'stop'], ['monitor', 'restart'], ['monitor', 'status'], ['monitor', 'health'], ['monitor', 'wait'],
  ['hooks', 'install'], ['hooks', 'uninstall'], ['hooks', 'status'], ['mcp'], ['mcp', '--http'],
];

for (const where of ['a plain folder', 'a git repository without .heimdall/']) {
  test(`outside a project (${where}) every command but init says so, exits 2 and creates nothing`, async (t) => {
    const dir = tempDir(t);
    if (where !== 'a plain folder') execFileSync('git', ['init', '-q', dir]);
    mkdirSync(path.join(dir, 'sub'));
    const before = listing(dir);
    for (const args of needsAProject) {
      const run = await heimdall(args, { cwd: path.join(dir, 'sub'), env: { WATCHMAN_SOCK: path.join(dir, 'no-watchman') } });
      const what = `heimdall ${args.join(' ')}: ${run.stderr}`;
      t.is(run.exitCode, 2, what);
      t.regex(run.stderr, /no heimdall project here \(run `heimdall init`\)/, what);
      t.notRegex(run.stderr, /\n\s+at /, what);
      t.deepEqual(listing(dir), before, what);
    }
    t.deepEqual(processesMentioning(dir), [], 'no monitor was left behind');
  });
}

test('outside a project: config shows the defaults, hooks run is silent, --project-root must name a project', async (t) => {
  const dir = tempDir(t);
  const before = listing(dir);
  const config = await heimdallJson(['config'], { cwd: dir });
  t.is(config.exitCode, 0);
  t.like(config.json, { root: dir, configFile: null, monitoring: { targetPaths: ['.heimdall/docs'] } });
  t.regex(config.stderr, /no heimdall project here .*: these are the defaults/);
  for (const args of [['hooks', 'run', 'post-merge', '0'], ['hooks', 'run', '--project-root', dir, 'post-checkout', 'a', 'b', '1'], ['hooks', 'run', '--project-root', path.join(dir, 'gone'), 'post-merge']]) {
    const run = await heimdall(args, { cwd: dir });
    t.deepEqual([run.exitCode, run.stdout, run.stderr], [0, '', ''], args.join(' '));
  }
  const named = await heimdall(['config', '--project-root', dir], { cwd: tempDir(t) });
  t.is(named.exitCode, 2);
  t.regex(named.stderr, /no heimdall project in .*it has no \.heimdall\//);
  t.deepEqual(listing(dir), before);
});

// Enough output (over 200 KB) that the pipe really fills and `head` closes it while heimdall still writes.
test('output piped into head ends quietly with the command\'s own exit code', async (t) => {
  const project = makeProject(t);
  for (let i = 0; i < 700; i++) project.write(`.heimdall/docs/${String(i).padStart(4, '0')}-${'long-name-'.repeat(15)}.md`, `# Doc ${i}\n\nshared words here\n`);
  t.is((await heimdall(['sync'], { cwd: project.root })).exitCode, 0);
  const piped = async (args: string[], head: string) => {
    const errFile = path.join(project.root, 'stderr.txt');
    const codeFile = path.join(project.root, 'code.txt');
    const script = `{ "$0" "$@" 2>"${errFile}"; echo $? >"${codeFile}"; } | ${head}`;
    const shell = await execa('sh', ['-c', script, process.execPath, heimdallBin, ...args], { cwd: project.root, reject: false });
    return { out: shell.stdout, code: Number(readFileSync(codeFile, 'utf8')), err: readFileSync(errFile, 'utf8') };
  };
  const sizes = await heimdall(['sources', '--json'], { cwd: project.root });
  t.true(sizes.stdout.length > 200_000, 'the output is larger than any pipe buffer');
  for (const [args, head, code] of [
    [['sources'], 'head -1', 0],
    [['sources', '--json'], 'head -c 100', 0],
    [['search', 'shared', '--limit', '700'], 'head -1', 0],
    [['search', 'shared', '--limit', '700', '--json'], 'head -c 100', 0],
    // health's output is short: `head -c 0` has closed the pipe before heimdall writes; no monitor runs, so 2 (down).
    [['monitor', 'health'], 'head -c 0', 2],
    [['monitor', 'status'], 'head -c 0', 3],
  ] satisfies [string[], string, number][]) {
    const run = await piped(args, head);
    const what = `${args.join(' ')} | ${head}: ${run.err}`;
    t.is(run.code, code, what);
    t.is(run.err, '', what);
  }
});

test('--version and -v print the version; an unknown command suggests the nearest', async (t) => {
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  for (const args of [['--version'], ['-v'], ['watch', '--version']]) {
    const run = await heimdall(args, { cwd: tempDir(t) });
    t.deepEqual([run.exitCode, run.stdout], [0, version], args.join(' '));
  }
  for (const [args, fragment] of [
    [['serch', 'x'], /unknown command "serch": did you mean search\?/],
    [['stauts'], /unknown command "stauts": did you mean status\?/],
    [['monitor', 'strat'], /unknown command "strat": did you mean start\?/],
    [['hooks', 'instal'], /unknown command "instal": did you mean install\?/],
    [['frobnicate'], /unknown command "frobnicate" \(`heimdall --help` lists the commands\)/],
  ] satisfies [string[], RegExp][]) {
    // yargs would speak German here (it has the translation): heimdall's messages are English throughout.
    const run = await heimdall(args, { cwd: tempDir(t), env: { LC_ALL: 'de_DE.UTF-8', LANG: 'de_DE.UTF-8' } });
    t.is(run.exitCode, 2, args.join(' '));
    t.regex(run.stderr, fragment);
  }
});

test('init in a sub-folder of a git repository initializes that folder, unless an ancestor has .heimdall/', async (t) => {
  const repo = tempDir(t);
  execFileSync('git', ['init', '-q', repo]);
  const app = path.join(repo, 'packages', 'app');
  mkdirSync(app, { recursive: true });
  const init = await heimdallJson(['init', '--no-hooks'], { cwd: app });
  t.is(init.exitCode, 0, init.stderr);
  t.is(init.json.root, app);
  t.true(existsSync(path.join(app, '.heimdall', 'config.yaml')));
  t.false(existsSync(path.join(repo, '.heimdall')));
  const deeper = path.join(app, 'src', 'lib');
  mkdirSync(deeper, { recursive: true });
  const again = await heimdallJson(['init', '--no-hooks'], { cwd: deeper });
  t.deepEqual([again.json.root, again.json.created], [app, []]);
  t.false(existsSync(path.join(deeper, '.heimdall')));
  t.is((await heimdallJson(['status'], { cwd: deeper })).json.root, app);
});

test('init --docs DIR writes target_path and creates the folder; an existing config is never rewritten', async (t) => {
  // A bare .heimdall/ above (a project not set up yet): DIR is relative to where the user stands.
  const root = tempDir(t);
  mkdirSync(path.join(root, '.heimdall'));
  mkdirSync(path.join(root, 'sub'));
  const init = await heimdallJson(['init', '--no-hooks', '--docs', '../notes/project docs'], { cwd: path.join(root, 'sub') });
  t.is(init.exitCode, 0, init.stderr);
  t.is(init.json.root, root);
  t.deepEqual(init.json.created.sort(), ['.heimdall/.gitignore', '.heimdall/config.yaml', 'notes/project docs/README.md'].sort());
  t.regex(readFileSync(path.join(root, '.heimdall', 'config.yaml'), 'utf8'), /^  target_path: "notes\/project docs"$/m);
  t.false(existsSync(path.join(root, '.heimdall', 'docs')));
  t.deepEqual((await heimdallJson(['config'], { cwd: root })).json.monitoring.targetPaths, ['notes/project docs']);
  t.is((await heimdall(['sync'], { cwd: root })).exitCode, 0);
  t.deepEqual((await heimdallJson(['sources'], { cwd: root })).json.sources.map((s: ListedSource) => s.path), ['notes/project docs/README.md']);
  // Outside the root: refused before anything is written.
  const other = tempDir(t);
  const outside = await heimdall(['init', '--no-hooks', '--docs', '../elsewhere'], { cwd: other });
  t.is(outside.exitCode, 2);
  t.regex(outside.stderr, /--docs "\.\.\/elsewhere" is outside the project root/);
  t.deepEqual(readdirSync(other), []);
  // An existing folder of docs is used as it is (no README added).
  const withDocs = tempDir(t);
  mkdirSync(path.join(withDocs, 'docs'));
  writeFileSync(path.join(withDocs, 'docs', 'guide.md'), '# Guide\n');
  const existing = await heimdallJson(['init', '--no-hooks', '--docs', 'docs'], { cwd: withDocs });
  t.deepEqual(existing.json.created.sort(), ['.heimdall/.gitignore', '.heimdall/config.yaml']);
  t.deepEqual(readdirSync(path.join(withDocs, 'docs')), ['guide.md']);
  t.is((await heimdall(['init', '--no-hooks', '--docs', 'docs'], { cwd: withDocs })).exitCode, 0, 'the same --docs again: nothing to change');
  const conflict = await heimdall(['init', '--no-hooks', '--docs', 'other'], { cwd: withDocs });
  t.is(conflict.exitCode, 2);
  t.regex(conflict.stderr, /config\.yaml already exists with target_path docs: edit it/);
  t.false(existsSync(path.join(withDocs, 'other')));
});

test('init --hooks outside git: .heimdall/ is created and kept, only the hooks failed (exit 2)', async (t) => {
  const dir = tempDir(t);
  const run = await heimdall(['init', '--hooks'], { cwd: dir });
  t.is(run.exitCode, 2);
  t.regex(run.stdout, /Initialized heimdall in/);
  t.regex(run.stderr, /\.heimdall is ready, but the git hooks were not installed: .* is not inside a git repository/);
  t.true(existsSync(path.join(dir, '.heimdall', 'config.yaml')));
  const json = await heimdallJson(['init', '--hooks'], { cwd: dir });
  t.is(json.exitCode, 2);
  t.like(json.json, { root: dir, created: [], hooks: null, hooksError: { code: 'git' } });
});
