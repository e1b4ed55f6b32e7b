// One contract, every backend: the Watchman backend and the Node fallback must
// report the same facts for the same changes on disk.
import test, { type ExecutionContext, type Implementation } from 'ava';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createWatchmanBackend } from '../dist/watch/watchman-backend.js';
import { createNodeBackend } from '../dist/watch/node-backend.js';
import { createCanaryTracker } from '../dist/watch/canary-tracker.js';
import { createHeartbeat, heartbeatFlushMs, heartbeatSeenMs } from '../dist/watch/heartbeat.js';
import type { BackendOptions, WatchBackend } from '../dist/watch/watch-backend.js';
import type { WatchEvent } from '../dist/watch/watch-event.js';
import { makeProject, waitFor, type Project } from './helpers/project.js';
import { privateWatchman } from './helpers/watchman-server.js';

const monitoring = { targetPaths: ['.heimdall/docs'], extensions: ['.md', '.markdown'], ignorePatterns: ['drafts'], settleMs: 100, settleCapMs: 2000, heartbeatS: 60 };
const watchman = privateWatchman(test, { exportSocket: true });
const hasWatchman = watchman.available;

const backends: Record<string, (options: BackendOptions) => WatchBackend> = {
  watchman: (options) => createWatchmanBackend({ ...options, singleton: false }),
  node: (options) => createNodeBackend(options),
};

/** A started backend over a fresh project, with every event it reports recorded. */
async function harness(t: ExecutionContext, kind: string, { since = null, project, targets, listen = () => {} }: { since?: string | null; project?: Project; targets?: string[]; listen?: (event: WatchEvent) => unknown } = {}) {
  project ??= makeProject(t, { docs: { 'existing.md': '# existing' } });
  const events: WatchEvent[] = [];
  const backend = backends[kind]({
    root: project.root,
    monitoring: targets === undefined ? monitoring : { ...monitoring, targetPaths: targets },
    controlDir: '.heimdall/run',
    configFile: '.heimdall/config.yaml',
    log: () => {},
  });
  t.teardown(() => backend.stop());
  const listener = (event: WatchEvent) => {
    events.push(event);
    listen(event);
  };
  const started = await backend.start(since, listener);
  t.is(started.type, 'watching');
  const seen = (p: string, exists: boolean) => events.some((e) => e.type === 'change' && e.path === p && e.exists === exists);
  const until = (p: string, exists: boolean) => waitFor(() => seen(p, exists), { timeout: 15_000, what: `${kind}: ${p} exists=${exists}` });
  return { project, backend, listener, events, seen, until, abs: (rel: string) => path.join(project.root, rel) };
}

for (const kind of Object.keys(backends)) {
  // Without watchman (and CI unset) the watchman half is skipped; under CI=true watchmanAvailable() threw above.
  const contract = (title: string, fn: Implementation<[]>) => (kind === 'watchman' && !hasWatchman ? test.skip : test)(`${kind}: ${title}`, fn);

  contract('a start without a clock is a fresh instance, before any change', async (t) => {
    const h = await harness(t, kind);
    t.is(h.events[0]?.type, 'fresh-instance');
    t.false(h.events.some((e) => e.type === 'change'), 'existing files are not listed');
  });

  contract('create, modify, delete', async (t) => {
    const h = await harness(t, kind);
    h.project.write('.heimdall/docs/a.md', 'one');
    await h.until('.heimdall/docs/a.md', true);
    const count = h.events.length;
    h.project.write('.heimdall/docs/a.md', 'two');
    await waitFor(() => h.events.slice(count).some((e) => e.type === 'change' && e.path === '.heimdall/docs/a.md' && e.exists), { timeout: 15_000, what: 'modify' });
    h.project.remove('.heimdall/docs/a.md');
    await h.until('.heimdall/docs/a.md', false);
  });

  contract('rename inside the docs, and moves out of and into them', async (t) => {
    const h = await harness(t, kind);
    renameSync(h.abs('.heimdall/docs/existing.md'), h.abs('.heimdall/docs/renamed.md'));
    await h.until('.heimdall/docs/existing.md', false);
    await h.until('.heimdall/docs/renamed.md', true);
    renameSync(h.abs('.heimdall/docs/renamed.md'), h.abs('outside.md'));
    await h.until('.heimdall/docs/renamed.md', false);
    t.false(h.events.some((e) => e.type === 'change' && e.path === 'outside.md'), 'outside the target paths is not reported');
    renameSync(h.abs('outside.md'), h.abs('.heimdall/docs/back.md'));
    await h.until('.heimdall/docs/back.md', true);
  });

  contract('new directories, and a directory moved away', async (t) => {
    const h = await harness(t, kind);
    h.project.write('.heimdall/docs/sub/deeper/x.md', 'x');
    await h.until('.heimdall/docs/sub/deeper/x.md', true);
    h.project.write('.heimdall/docs/sub/deeper/y.md', 'y');
    await h.until('.heimdall/docs/sub/deeper/y.md', true);
    renameSync(h.abs('.heimdall/docs/sub'), h.abs('moved-away'));
    await h.until('.heimdall/docs/sub/deeper/x.md', false);
    await h.until('.heimdall/docs/sub/deeper/y.md', false);
    renameSync(h.abs('moved-away'), h.abs('.heimdall/docs/again'));
    await h.until('.heimdall/docs/again/deeper/x.md', true);
  });

  contract('other extensions, ignored and always-ignored paths are not reported; canaries are', async (t) => {
    const h = await harness(t, kind);
    h.project.write('.heimdall/docs/notes.txt', 'no');
    h.project.write('.heimdall/docs/drafts/d.md', 'no');
    h.project.write('.heimdall/docs/node_modules/m.md', 'no');
    h.project.write('.heimdall/run/canary.abc', 'token');
    h.project.write('.heimdall/docs/last.md', 'yes');
    await h.until('.heimdall/run/canary.abc', true);
    await h.until('.heimdall/docs/last.md', true);
    await h.backend.flush(10_000);
    const reported = h.events.filter((e) => e.type === 'change').map((e) => e.path);
    t.false(reported.includes('.heimdall/docs/notes.txt'));
    t.false(reported.includes('.heimdall/docs/drafts/d.md'));
    t.false(reported.includes('.heimdall/docs/node_modules/m.md'));
  });

  contract('the config file is reported, outside every target path: written, replaced by a rename, deleted', async (t) => {
    const h = await harness(t, kind);
    const config = '.heimdall/config.yaml';
    h.project.write(config, 'monitoring:\n  settle_ms: 50\n');
    await h.until(config, true);
    const count = h.events.length;
    // An editor's atomic save: a temporary file renamed over the config.
    h.project.write('.heimdall/config.yaml.tmp', 'monitoring:\n  settle_ms: 60\n');
    renameSync(h.abs('.heimdall/config.yaml.tmp'), h.abs(config));
    await waitFor(() => h.events.slice(count).some((e) => e.type === 'change' && e.path === config && e.exists), { timeout: 15_000, what: 'the rename over the config' });
    h.project.remove(config);
    await h.until(config, false);
    await h.backend.flush(10_000);
    t.false(h.events.some((e) => e.type === 'change' && e.path === '.heimdall/config.yaml.tmp'), 'only the config itself');
  });

  contract('the heartbeat, through the canary tracker: seen while the backend delivers, missed within its deadline once it does not, seen again after a restart', async (t) => {
    const canaries = createCanaryTracker();
    const prefix = '.heimdall/run/canary.';
    const h = await harness(t, kind, { listen: (e) => e.type === 'change' && e.exists && e.path.startsWith(prefix) && canaries.saw(e.path.slice(prefix.length)) });
    const outcomes: string[] = [];
    const heartbeat = createHeartbeat({
      dir: h.abs('.heimdall/run'),
      intervalS: () => 0.2,
      canaries,
      backend: h.backend,
      watching: () => true,
      missed: (reason) => outcomes.push(`missed: ${reason}`),
      recovered: () => outcomes.push('recovered'),
      poisoned: (error) => outcomes.push(`poisoned: ${error.message}`),
      log: () => {},
    });
    t.teardown(() => heartbeat.stop());
    heartbeat.start();
    await waitFor(() => heartbeat.state.lastSeen !== null, { timeout: 5000, what: `${kind}: a heartbeat seen` });
    t.true(heartbeat.state.lastSeen!.ms < heartbeatSeenMs);
    // A watch that silently stops delivering.
    await h.backend.stop();
    await waitFor(() => heartbeat.degraded !== null, { timeout: 200 + heartbeatSeenMs + heartbeatFlushMs + 1000, what: `${kind}: the miss` });
    t.regex(outcomes[0], /^missed: the heartbeat canary was not seen within/);
    await h.backend.start(null, h.listener);
    heartbeat.resubscribed();
    await waitFor(() => outcomes.includes('recovered'), { timeout: 10_000, what: `${kind}: the recovery` });
    t.is(heartbeat.degraded, null);
    t.false(outcomes.some((o) => o.startsWith('poisoned')));
    t.false(h.events.some((e) => e.type === 'change' && !e.path.startsWith(prefix)), 'a canary is never reported as anything else');
    heartbeat.stop();
    await waitFor(() => heartbeat.state.outstanding === null, { timeout: 10_000, what: 'the last beat to end' });
    t.deepEqual(readdirSync(h.abs('.heimdall/run')).filter((name) => name.startsWith('canary.')), [], 'no canary left behind');
  });

  contract('flush resolves only after earlier changes were delivered', async (t) => {
    const h = await harness(t, kind);
    for (let i = 0; i < 20; i++) h.project.write(`.heimdall/docs/f${i}.md`, `${i}`);
    await h.backend.flush(10_000);
    for (let i = 0; i < 20; i++) t.true(h.seen(`.heimdall/docs/f${i}.md`, true), `f${i}.md delivered before flush resolved`);
  });

  contract('a docs folder created after the start is picked up', async (t) => {
    const project = makeProject(t);
    rmSync(path.join(project.root, '.heimdall', 'docs'), { recursive: true });
    const h = await harness(t, kind, { project });
    mkdirSync(h.abs('.heimdall/docs/nested'), { recursive: true });
    writeFileSync(h.abs('.heimdall/docs/nested/late.md'), 'late');
    await h.until('.heimdall/docs/nested/late.md', true);
  });

  contract('a single file as a target path: its changes and its deletion', async (t) => {
    const project = makeProject(t);
    project.write('README.md', '# Readme\n');
    const h = await harness(t, kind, { project, targets: ['.heimdall/docs', 'README.md'] });
    project.write('README.md', '# Readme, edited\n');
    await h.until('README.md', true);
    project.write('OTHER.md', '# Not a target\n');
    project.remove('README.md');
    await h.until('README.md', false);
    await h.backend.flush(10_000);
    t.false(h.events.some((e) => e.type === 'change' && e.path === 'OTHER.md'));
  });

  contract('no events after stop', async (t) => {
    const h = await harness(t, kind);
    await h.backend.stop();
    const count = h.events.filter((e) => e.type === 'change').length;
    h.project.write('.heimdall/docs/after-stop.md', 'x');
    await new Promise((resolve) => setTimeout(resolve, 500));
    t.is(h.events.filter((e) => e.type === 'change').length, count);
  });

  contract('a restart since a clock reports what changed meanwhile, deletions included, or says it cannot', async (t) => {
    const first = await harness(t, kind);
    first.project.write('.heimdall/docs/kept.md', 'k');
    await first.until('.heimdall/docs/kept.md', true);
    await first.backend.flush(10_000);
    const clock = first.events.filter((e) => e.type === 'clock' || e.type === 'fresh-instance').at(-1)?.clock ?? null;
    await first.backend.stop();
    first.project.remove('.heimdall/docs/existing.md');
    first.project.write('.heimdall/docs/while-down.md', 'w');
    const second = await harness(t, kind, { since: clock, project: first.project });
    if (kind === 'node') {
      t.is(second.events[0]?.type, 'fresh-instance', 'without clocks every start is a fresh instance');
      return;
    }
    t.truthy(clock);
    await second.until('.heimdall/docs/existing.md', false);
    await second.until('.heimdall/docs/while-down.md', true);
    t.false(second.events.some((e) => e.type === 'fresh-instance'));
  });
}

(hasWatchman ? test : test.skip)('watchman: an unknown clock is a fresh instance, without listing every file', async (t) => {
  const h = await harness(t, 'watchman', { since: 'c:1:2:3:4' });
  t.is(h.events[0]?.type, 'fresh-instance');
  t.false(h.events.some((e) => e.type === 'change'));
});

// Serial: these change WATCHMAN_SOCK, which the concurrent tests read when they connect.
for (const [what, sock, binaryPath] of [
  ['the binary is missing', undefined, '/nonexistent/watchman'],
  ['the socket is unreachable', '/nonexistent/watchman.sock', undefined],
]) {
  test.serial(`watchman: ${what}: reported as unavailable, not a hang`, async (t) => {
    const backend = createWatchmanBackend({
      root: makeProject(t).root,
      monitoring,
      controlDir: '.heimdall/run',
      configFile: '.heimdall/config.yaml',
      log: () => {},
      singleton: false,
      connectTimeoutMs: 3000,
      binaryPath,
    });
    const saved = process.env.WATCHMAN_SOCK;
    if (sock === undefined) delete process.env.WATCHMAN_SOCK;
    else process.env.WATCHMAN_SOCK = sock;
    try {
      const error = await t.throwsAsync(() => backend.start(null, () => {}));
      t.is(error.name, 'BackendUnavailableError');
    } finally {
      if (saved === undefined) delete process.env.WATCHMAN_SOCK;
      else process.env.WATCHMAN_SOCK = saved;
    }
  });
}
