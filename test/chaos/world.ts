// The chaos run's world: one git repository holding two heimdall projects (the top level and
// `sub/`, as in a monorepo), one set of hook stubs serving both, one private Watchman server and
// one monitor per project on it, and the CLI calls the run makes.
import { spawnSync } from 'node:child_process';
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { git, seedProject } from './operations.js';
import { isAlive } from './processes.js';
import type { WatchmanServer } from '../helpers/watchman-server.js';
import type { ChaosServer } from './pg-server.js';
import type { Random } from './prng.js';

/** One heimdall project of the repository; `restartAfter`: the step at which its killed monitor is started again. */
export interface ChaosProject {
  name: string;
  label: string;
  root: string;
  restartAfter: number | null;
  /** The store's HEIMDALL_TEST_STALL_ONCE flag file of this project's monitor, armed by killLoad. */
  stallFlag: string;
  /** Its store.project in the PostgreSQL mode: each project its own namespace of the one database. */
  namespace: string;
}

/** Work due at a later step (a chmod undone). */
export interface Later {
  at: number;
  run: () => void;
}

export type World = ReturnType<typeof createWorld>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createWorld({ repo, bin, watchman, note, seamDir, server }: { repo: string; bin: string; watchman: WatchmanServer; note: (group: string, key: string) => void; seamDir: string; server: ChaosServer | null }) {
  // Hooks in their default background mode: nothing of the caller's environment forces the foreground,
  // skips heimdall or overrides the config the oracle reads.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, WATCHMAN_SOCK: watchman.sock };
  // Nor the store's: in the PostgreSQL mode each config.yaml names it (store.url), as a team commits it.
  for (const name of ['HEIMDALL_HOOKS_SYNC', 'HEIMDALL', 'MONITORING_TARGET_PATH', 'HEIMDALL_TEST_STALL_AFTER', 'HEIMDALL_TEST_STALL_ONCE', 'HEIMDALL_STORE_URL', 'HEIMDALL_CHAOS_PG_URL']) delete childEnv[name];
  const env = {
    ...childEnv,
    GIT_AUTHOR_NAME: 'chaos', GIT_AUTHOR_EMAIL: 'chaos@heimdall.invalid', GIT_COMMITTER_NAME: 'chaos', GIT_COMMITTER_EMAIL: 'chaos@heimdall.invalid',
  };
  // stallFlag: the store's HEIMDALL_TEST_STALL_ONCE seam, given to each monitor (so to its loads alone), armed by killLoad.
  const projects: [ChaosProject, ...ChaosProject[]] = [
    { name: '.', label: '', root: repo, restartAfter: null, stallFlag: path.join(seamDir, 'stall-top'), namespace: 'chaos/top' },
    { name: 'sub', label: 'sub:', root: path.join(repo, 'sub'), restartAfter: null, stallFlag: path.join(seamDir, 'stall-sub'), namespace: 'chaos/sub' },
  ];
  // A project's CLI call runs from the project's root, so that its project-relative paths mean what they say.
  const cli = (p: ChaosProject, args: string[], timeout = 180_000) => {
    const r = spawnSync(process.execPath, [bin, ...args, '--project-root', p.root], { cwd: p.root, env, encoding: 'utf8', timeout });
    return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  };
  /** The same, without blocking: the two projects' calls of the final phase run side by side. */
  const cliAsync = async (p: ChaosProject, args: string[], timeout = 180_000, extraEnv: NodeJS.ProcessEnv = {}) => {
    const r = await execa(process.execPath, [bin, ...args, '--project-root', p.root], { cwd: p.root, env: { ...env, ...extraEnv }, extendEnv: false, reject: false, timeout });
    return { code: r.exitCode, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  };
  const sources = (p: ChaosProject): { path: string; sha1: string }[] => {
    const r = cli(p, ['sources', '--json']);
    if (r.code !== 0) throw new Error(`sources of ${p.name} failed (${r.code}): ${r.stderr}`);
    return JSON.parse(r.stdout).sources;
  };
  const ctx = {
    repo, bin, watchman, env, childEnv, projects, cli, cliAsync, sources, server,
    /** The `store` mapping every version of a project's config.yaml carries (none for SQLite). */
    storeYaml: (p: ChaosProject) => (server === null ? '' : `store:\n  url: ${JSON.stringify(server.url)}\n  project: ${JSON.stringify(p.namespace)}\n`),
    step: 0, later: [] as Later[], background: [] as Promise<unknown>[], differences: [] as string[], note,
    storedSha1: (p: ChaosProject, rel: string) => sources(p).find((s) => s.path === rel)?.sha1 ?? null,
    sha1Of: (file: string) => createHash('sha1').update(readFileSync(file)).digest('hex'),
    monitorPid: async (p: ChaosProject): Promise<number | null> => {
      try {
        const status = JSON.parse(cli(p, ['monitor', 'status', '--json']).stdout);
        return status.running ? status.pid : null;
      } catch {
        return null;
      }
    },
    startMonitor: async (p: ChaosProject) => {
      const r = await cliAsync(p, ['monitor', 'start', '--timeout', '60'], 180_000, { HEIMDALL_TEST_STALL_ONCE: p.stallFlag });
      if (r.code !== 0) throw new Error(`monitor start of ${p.name} failed (${r.code}): ${r.stderr}`);
    },
    waitGone: async (pid: number) => {
      const deadline = Date.now() + 10_000;
      while (isAlive(pid)) {
        if (Date.now() > deadline) throw new Error(`pid ${pid} did not exit`);
        await sleep(20);
      }
    },
  };
  return ctx;
}

/** The repository, both projects with their seed docs committed, a second branch, the hooks, the monitors. */
export async function setUpWorld(ctx: World, rnd: Random) {
  const { repo, env, projects } = ctx;
  spawnSync('git', ['init', '-q', '-b', 'main', repo]);
  for (const p of projects) {
    mkdirSync(p.root, { recursive: true });
    const init = ctx.cli(p, ['init', '--no-hooks']);
    if (init.code !== 0) throw new Error(`init of ${p.name} failed: ${init.stderr}`);
    // Before the seed commit: every branch, stash and rebase carries it. In the template's `store:` (its keys commented out).
    if (ctx.server !== null) {
      const file = path.join(p.root, '.heimdall', 'config.yaml');
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, /^store:\n/m.test(text) ? text.replace(/^store:\n/m, ctx.storeYaml(p)) : `${text}\n${ctx.storeYaml(p)}`);
    }
    seedProject(p.root, rnd);
  }
  writeFileSync(path.join(repo, '.gitignore'), 'scratch/\n');
  git(repo, ['add', '-A'], env);
  git(repo, ['commit', '-qm', 'seed'], env);
  git(repo, ['branch', 'side'], env);
  // Installed from each project: the second install must find the first's stubs and serve both.
  let served: string[] = [];
  for (const p of projects) {
    const hooks = ctx.cli(p, ['hooks', 'install', '--json']);
    if (hooks.code !== 0) throw new Error(`hooks install from ${p.name} failed: ${hooks.stderr}`);
    served = JSON.parse(hooks.stdout).projects;
  }
  if (JSON.stringify([...served].sort()) !== JSON.stringify(projects.map((p) => p.name).sort())) {
    ctx.differences.push(`the hook stubs serve ${JSON.stringify(served)}, not every project`);
  }
  await Promise.all(projects.map((p) => ctx.startMonitor(p)));
}
