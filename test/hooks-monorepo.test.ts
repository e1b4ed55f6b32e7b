// Several heimdall projects in one git repository (a monorepo): one set of stubs serves them all,
// each synced against its own config and store; uninstalling one leaves the others working.
import test, { type ExecutionContext } from 'ava';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HooksStatusReport } from '../dist/git/hooks-status.js';
import type { HooksReport } from '../dist/git/install-hooks.js';
import { heimdall, heimdallJson, tempDir, waitFor } from './helpers/project.js';
import { git, docsOnDisk, storedSources, syncLog, type GitOptions } from './helpers/git-repo.js';

const hooks = ['post-checkout', 'post-merge', 'post-rewrite'];
const projects = ['svc/api', 'tools/cli'];
type HookResult = HooksReport['hooks'][number];
type HookStatus = HooksStatusReport['hooks'][number];
const doc = (title: string, body = `${title} has a body that is long enough to be worth indexing`) => `# ${title}\n\n${body}\n`;
const background = { HEIMDALL_HOOKS_SYNC: undefined };

/** A repository whose top level is no heimdall project, with two projects made by `heimdall init --project-root`. */
async function monorepo(t: ExecutionContext) {
  const root = tempDir(t);
  await git(root, ['-c', 'init.defaultBranch=main', 'init', '-q']);
  const write = (rel: string, content: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  };
  write('README.md', '# The monorepo (not a heimdall project itself)\n');
  for (const project of projects) {
    mkdirSync(path.join(root, project), { recursive: true });
    const init = await heimdall(['init', '--no-hooks', '--project-root', project], { cwd: root });
    t.is(init.exitCode, 0, init.stderr);
    write(`${project}/.heimdall/docs/keep.md`, doc(`Keep ${project}`));
    write(`${project}/.heimdall/docs/edit.md`, doc(`Edit ${project}`));
  }
  const repo = { root, write, git: (args: string[], options?: GitOptions) => git(root, args, options) };
  await repo.git(['add', '-A']);
  await repo.git(['commit', '-q', '-m', 'two projects']);
  for (const project of projects) t.is((await heimdall(['sync', '--project-root', project], { cwd: root })).exitCode, 0);
  return repo;
}

/** A feature branch that adds, edits and deletes docs in both projects; back on main afterwards (hooks off). */
type Monorepo = Awaited<ReturnType<typeof monorepo>>;

async function featureBranch(repo: Monorepo, name: string) {
  await repo.git(['checkout', '-q', '-b', name], { env: { HEIMDALL: '0' } });
  for (const project of projects) {
    repo.write(`${project}/.heimdall/docs/edit.md`, doc(`Edit ${project}`, `edited on ${name}`));
    repo.write(`${project}/.heimdall/docs/${name}.md`, doc(`${name} in ${project}`));
  }
  await repo.git(['rm', '-q', '--ignore-unmatch', `${projects[0]}/.heimdall/docs/keep.md`]);
  await repo.git(['add', '-A']);
  await repo.git(['commit', '-q', '-m', name]);
  await repo.git(['checkout', '-q', 'main'], { env: { HEIMDALL: '0' } });
}

const projectRoot = (repo: Monorepo, project: string) => path.join(repo.root, project);
const inSync = async (repo: Monorepo, project: string) => JSON.stringify(await storedSources(projectRoot(repo, project))) === JSON.stringify(docsOnDisk(projectRoot(repo, project)));
async function assertInSync(t: ExecutionContext, repo: Monorepo, project: string, message: string) {
  const root = projectRoot(repo, project);
  t.deepEqual(await storedSources(root), docsOnDisk(root), `${project}: ${message}`);
}
const states = async (repo: Monorepo, project: string) => (await heimdallJson<HooksStatusReport>(['hooks', 'status', '--project-root', project], { cwd: repo.root })).json;

test('two projects, hooks installed for both: a switch and a merge sync both stores; uninstall one, the other still syncs', async (t) => {
  const repo = await monorepo(t);
  await featureBranch(repo, 'feature');
  const first = await heimdallJson(['hooks', 'install', '--project-root', projects[0]], { cwd: repo.root });
  t.is(first.exitCode, 0, first.stderr);
  t.deepEqual(first.json.hooks.map((h: HookResult) => h.action), ['installed', 'installed', 'installed']);
  const second = await heimdallJson(['hooks', 'install', '--project-root', projects[1]], { cwd: repo.root });
  t.is(second.exitCode, 0, second.stderr);
  t.deepEqual(second.json.hooks.map((h: HookResult) => h.action), ['unchanged', 'unchanged', 'unchanged'], 'one stub serves both: the second install changes nothing');
  for (const project of projects) {
    const status = await states(repo, project);
    t.deepEqual(status.hooks.map((h: HookStatus) => h.state), ['installed', 'installed', 'installed'], project);
    t.deepEqual(status.projects, projects);
  }

  const toFeature = await repo.git(['checkout', '-q', 'feature']);
  t.regex(toFeature.stderr, /heimdall post-checkout svc\/api: sync \(/, toFeature.stderr);
  t.regex(toFeature.stderr, /heimdall post-checkout tools\/cli: sync \(/, toFeature.stderr);
  for (const project of projects) await assertInSync(t, repo, project, 'after the switch to feature');
  t.false(existsSync(path.join(repo.root, '.heimdall')), 'the top level did not become a project');

  await repo.git(['checkout', '-q', 'main']);
  for (const project of projects) await assertInSync(t, repo, project, 'back on main');
  const merge = await repo.git(['merge', '-q', '--ff-only', 'feature']);
  t.regex(merge.stderr, /heimdall post-merge svc\/api: sync \(merge from/, merge.stderr);
  for (const project of projects) await assertInSync(t, repo, project, 'after the merge');

  // api opts out; cli keeps the stubs.
  const out = await heimdallJson(['hooks', 'uninstall', '--project-root', projects[0]], { cwd: repo.root });
  t.is(out.exitCode, 0, out.stderr);
  t.deepEqual(out.json.hooks.map((h: HookResult) => h.action), ['kept', 'kept', 'kept']);
  for (const name of hooks) t.true(existsSync(path.join(repo.root, '.git', 'hooks', name)), `${name} stays for tools/cli`);
  const api = await states(repo, projects[0]);
  t.deepEqual(api.hooks.map((h: HookStatus) => h.state), ['skipped', 'skipped', 'skipped']);
  t.regex(api.hooks[0].detail!, /tools\/cli/);
  t.deepEqual(api.projects, [projects[1]]);
  const human = await heimdall(['hooks', 'status', '--project-root', projects[0]], { cwd: repo.root });
  t.regex(human.stdout, /post-checkout +skipped/);
  t.deepEqual((await states(repo, projects[1])).hooks.map((h: HookStatus) => h.state), ['installed', 'installed', 'installed']);

  await featureBranch(repo, 'second');
  const apiBefore = await storedSources(projectRoot(repo, projects[0]));
  const toSecond = await repo.git(['checkout', '-q', 'second']);
  t.notRegex(toSecond.stderr, /svc\/api/, 'the uninstalled project is not synced');
  await assertInSync(t, repo, projects[1], 'the other project still syncs');
  t.deepEqual(await storedSources(projectRoot(repo, projects[0])), apiBefore);
  t.false(await inSync(repo, projects[0]), 'svc/api is stale: nothing synced it');

  // Installing api again takes it back in.
  const back = await heimdallJson(['hooks', 'install', '--project-root', projects[0]], { cwd: repo.root });
  t.deepEqual(back.json.hooks.map((h: HookResult) => h.action), ['unchanged', 'unchanged', 'unchanged']);
  t.deepEqual((await states(repo, projects[0])).hooks.map((h: HookStatus) => h.state), ['installed', 'installed', 'installed']);
  await repo.git(['checkout', '-q', 'main']);
  for (const project of projects) await assertInSync(t, repo, project, 'both again');

  // The last one out removes the stubs; git's config holds nothing of heimdall any more.
  await heimdallJson(['hooks', 'uninstall', '--project-root', projects[0]], { cwd: repo.root });
  const last = await heimdallJson(['hooks', 'uninstall', '--project-root', projects[1]], { cwd: repo.root });
  t.deepEqual(last.json.hooks.map((h: HookResult) => h.action), ['removed', 'removed', 'removed']);
  for (const name of hooks) t.false(existsSync(path.join(repo.root, '.git', 'hooks', name)));
  for (const project of projects) t.deepEqual((await states(repo, project)).hooks.map((h: HookStatus) => h.state), ['missing', 'missing', 'missing'], project);
  t.is((await repo.git(['config', '--get-regexp', '^heimdall\\.'], { reject: false })).stdout, '');
});

test('background mode: one detached run syncs every project, each logging to its own sync.log', async (t) => {
  const repo = await monorepo(t);
  await featureBranch(repo, 'feature');
  for (const project of projects) t.is((await heimdall(['hooks', 'install', '--project-root', project], { cwd: repo.root })).exitCode, 0);
  const checkout = await repo.git(['checkout', '-q', 'feature'], { env: background });
  t.is(checkout.stderr, '', 'a background hook prints nothing');
  for (const project of projects) {
    await waitFor(() => inSync(repo, project), { timeout: 30_000, interval: 250, what: `${project} to equal its disk` });
    await waitFor(() => /\] sync: \d+ checked/.test(syncLog(projectRoot(repo, project))), { timeout: 20_000, what: `${project}'s summary in its sync.log` });
  }
  t.false(existsSync(path.join(repo.root, '.heimdall')), 'no log at the top level, which is no project');
});

test('a project that fails (a broken config) does not stop the others', async (t) => {
  const repo = await monorepo(t);
  await featureBranch(repo, 'feature');
  for (const project of projects) t.is((await heimdall(['hooks', 'install', '--project-root', project], { cwd: repo.root })).exitCode, 0);
  writeFileSync(path.join(repo.root, projects[0], '.heimdall', 'config.yaml'), 'monitoring: [unclosed\n');
  const checkout = await repo.git(['checkout', '-q', 'feature']);
  t.is(checkout.exitCode, 0);
  t.regex(checkout.stderr, /heimdall post-checkout svc\/api: .*config\.yaml/, checkout.stderr);
  await assertInSync(t, repo, projects[1], 'the healthy project synced');
});

test('hooks uninstall from the top of the working tree, which is no project, removes the stubs for all', async (t) => {
  const repo = await monorepo(t);
  for (const project of projects) t.is((await heimdall(['hooks', 'install', '--project-root', project], { cwd: repo.root })).exitCode, 0);
  const all = await heimdallJson(['hooks', 'uninstall'], { cwd: repo.root });
  t.deepEqual(all.json.hooks.map((h: HookResult) => h.action), ['removed', 'removed', 'removed']);
  for (const project of projects) t.deepEqual((await states(repo, project)).hooks.map((h: HookStatus) => h.state), ['missing', 'missing', 'missing']);
});

test('status is truthful for a project the stubs cannot find (its .heimdall/ is inside an ignored folder)', async (t) => {
  const repo = await monorepo(t);
  repo.write('.gitignore', 'vendor/\n');
  mkdirSync(path.join(repo.root, 'vendor', 'lib'), { recursive: true });
  t.is((await heimdall(['init', '--no-hooks', '--project-root', 'vendor/lib'], { cwd: repo.root })).exitCode, 0);
  t.is((await heimdall(['hooks', 'install', '--project-root', 'vendor/lib'], { cwd: repo.root })).exitCode, 0);
  const vendored = await states(repo, 'vendor/lib');
  t.deepEqual(vendored.hooks.map((h: HookStatus) => h.state), ['bypassed', 'bypassed', 'bypassed']);
  t.regex(vendored.hooks[0].detail!, /vendor\/lib\/\.heimdall is inside a folder git ignores/);
  t.deepEqual(vendored.projects, projects, 'the stubs serve the projects git sees');
});
