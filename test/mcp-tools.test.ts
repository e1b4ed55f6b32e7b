// `heimdall mcp` over stdio with the SDK's own client, no monitor (mcp.start_monitor: false): the server's
// own sync keeps every answer fresh. Every tool, every bad input, and `remember` writing real docs.
import test, { type ExecutionContext } from 'ava';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { heimdall, makeProject, tempDir, waitFor } from './helpers/project.js';
import { isAlive } from './helpers/process-tree.js';
import { connectStdio, textOf } from './helpers/mcp-client.js';

// No monitor: every answer waits for the server's own sync. The bound is generous because these tests are about
// what the answers hold, not how soon (a loaded machine takes seconds to start the first `load`).
const noMonitor = 'mcp:\n  start_monitor: false\n  freshness_ms: 30000\n';
const ops = '# Operations\n\nHow we run it.\n\n## Watchman clocks\n\nThe monitor saves the clock after each batch.\n\n### Fresh instances\n\nA fresh instance means a full sync.\n\n## Releases\n\nTag, then publish.\n';
const memoriesDir = (root: string) => path.join(root, '.heimdall', 'docs', 'memories');
const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

async function server(t: ExecutionContext, { docs = { 'ops.md': ops }, config = noMonitor }: { docs?: Record<string, string>; config?: string } = {}) {
  const project = makeProject(t, { docs, config });
  const mcp = await connectStdio(t, project.root);
  return { project, mcp };
}

test('five tools, each with an input and an output schema; unknown arguments refused by the schema', async (t) => {
  const { mcp } = await server(t);
  const { tools } = await mcp.client.listTools();
  t.deepEqual(tools.map((tool) => tool.name).sort(), ['get', 'list', 'remember', 'search', 'status']);
  for (const tool of tools) {
    t.is(tool.inputSchema.type, 'object', tool.name);
    t.false(tool.inputSchema.additionalProperties, tool.name);
    t.truthy(tool.outputSchema?.properties?.freshness, tool.name);
  }
});

test('a doc written, edited or deleted just before a call is what that call sees (the server syncs by itself)', async (t) => {
  const { project, mcp } = await server(t);
  project.write('.heimdall/docs/new.md', '# Newcomer\n\nthe aardvark arrives\n');
  const found = await mcp.call('search', { query: 'aardvark' });
  t.falsy(found.isError, textOf(found));
  t.deepEqual(found.structuredContent.hits.map((hit) => hit.path), ['.heimdall/docs/new.md']);
  t.like(found.structuredContent.freshness, { fresh: true, via: 'sync' });
  t.true(Date.parse(found.structuredContent.freshness.asOf) > 0);
  t.regex(textOf(found), /new\.md:1-3 {2}Newcomer/);

  project.write('.heimdall/docs/new.md', '# Newcomer\n\nthe armadillo arrives\n');
  t.deepEqual((await mcp.call('search', { query: 'aardvark' })).structuredContent.hits, []);
  t.is((await mcp.call('search', { query: 'armadillo' })).structuredContent.hits.length, 1);
  project.remove('.heimdall/docs/new.md');
  t.deepEqual((await mcp.call('search', { query: 'armadillo' })).structuredContent.hits, []);
  t.deepEqual((await mcp.call('list')).structuredContent.docs.map((doc) => doc.path), ['.heimdall/docs/ops.md']);
});

test('search: ranked hits with path, heading path, lines, snippet and score; limit, path glob and tag filter them', async (t) => {
  const tagged = '---\ntitle: Deploying\ntags: [ops, release]\n---\n\nDeploy the clock service.\n';
  const { mcp } = await server(t, { docs: { 'ops.md': ops, 'runbooks/deploy.md': tagged } });
  const all = (await mcp.call('search', { query: 'clock' })).structuredContent;
  t.deepEqual([...new Set(all.hits.map((hit) => hit.path))].sort(), ['.heimdall/docs/ops.md', '.heimdall/docs/runbooks/deploy.md']);
  const clocks = all.hits.find((hit) => hit.path.endsWith('ops.md'));
  t.like(clocks, { heading: 'Operations > Watchman clocks', lines: [5, 7] });
  t.regex(clocks!.snippet, /\*\*clock\*\*/);
  t.true(clocks!.score > 0);
  t.is((await mcp.call('search', { query: 'clock', limit: 1 })).structuredContent.hits.length, 1);
  t.deepEqual((await mcp.call('search', { query: 'clock', path: 'runbooks/**' })).structuredContent.hits.map((hit) => hit.path), ['.heimdall/docs/runbooks/deploy.md']);
  t.deepEqual((await mcp.call('search', { query: 'clock', tag: 'release' })).structuredContent.hits.map((hit) => hit.path), ['.heimdall/docs/runbooks/deploy.md']);
  const fallback = (await mcp.call('search', { query: 'clock zebra' })).structuredContent;
  t.true(fallback.fallback);
  t.deepEqual(fallback.words, ['clock', 'zebra']);
});

test('get: a whole doc, a section with its sub-sections, a heading path, a line range, numbered in the text form', async (t) => {
  const { mcp } = await server(t);
  const whole = await mcp.call('get', { path: '.heimdall/docs/ops.md' });
  t.like(whole.structuredContent, { path: '.heimdall/docs/ops.md', uri: 'heimdall://doc/.heimdall/docs/ops.md', title: 'Operations', heading: 'Operations', lines: [1, 15] });
  t.is(`${whole.structuredContent.text}\n`, ops);
  t.regex(textOf(whole), /^ 1 {2}# Operations$/m);
  t.regex(textOf(whole), /^15 {2}Tag, then publish\.$/m);

  const section = (await mcp.call('get', { path: '.heimdall/docs/ops.md', heading: 'watchman  CLOCKS' })).structuredContent;
  t.like(section, { heading: 'Operations > Watchman clocks', lines: [5, 11] });
  t.regex(section.text, /^## Watchman clocks[\s\S]*full sync\.$/);
  t.notRegex(section.text, /Releases/);
  const nested = (await mcp.call('get', { path: 'ops.md', heading: 'Watchman clocks > Fresh instances' })).structuredContent;
  t.like(nested, { path: '.heimdall/docs/ops.md', heading: 'Operations > Watchman clocks > Fresh instances', lines: [9, 11] });

  const range = await mcp.call('get', { path: '.heimdall/docs/ops.md', startLine: 7, endLine: 7 });
  t.like(range.structuredContent, { lines: [7, 7], text: 'The monitor saves the clock after each batch.', heading: 'Operations > Watchman clocks' });
  t.regex(textOf(range), /^7 {2}The monitor saves/m);
  t.like((await mcp.call('get', { path: '.heimdall/docs/ops.md', startLine: 14 })).structuredContent, { lines: [14, 15] });
});

test('bad input: a clear tool error (isError), never a crash, and nothing written', async (t) => {
  const { project, mcp } = await server(t, { config: `${noMonitor}load:\n  max_file_bytes: 2000\n` });
  mkdirSync(path.join(project.root, 'elsewhere'));
  writeFileSync(path.join(project.root, 'elsewhere', 'secret.md'), '# Secret\n');
  const outside = tempDir(t);
  writeFileSync(path.join(outside, 'x.md'), '# Outside\n');
  symlinkSync(outside, path.join(project.docsDir, 'ext'));
  symlinkSync('/etc/hostname', path.join(project.docsDir, 'out.md'));
  writeFileSync(path.join(project.docsDir, 'notes.txt'), 'not markdown');
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['search', {}, /query.*(Required|expected string)|expected string.*query/i],
    ['search', { query: 5 }, /expected string/],
    ['search', { query: 'clock', bogus: true }, /Unrecognized key.*bogus/],
    ['search', { query: 'clock', limit: 0 }, /limit/],
    ['search', { query: '-clock' }, /only excludes/],
    ['get', { path: '../../etc/passwd' }, /^\.\.\/\.\.\/etc\/passwd is not a doc of this project \(outside the project root /],
    ['get', { path: '/etc/passwd' }, /is not a doc of this project \(outside the project root /],
    ['get', { path: '.heimdall/docs/out.md' }, /^\.heimdall\/docs\/out\.md is not a doc of this project \(outside the project root /],
    ['get', { path: '.heimdall/docs/ext/x.md' }, /^\.heimdall\/docs\/ext\/x\.md is not a doc of this project \(outside the project root /],
    ['get', { path: 'elsewhere/secret.md' }, /^elsewhere\/secret\.md is not a doc of this project \(outside the docs folders/],
    ['get', { path: '.heimdall/docs/notes.txt' }, /is not a doc of this project \(not a docs extension/],
    ['get', { path: '.heimdall/docs/gone.md' }, /^\.heimdall\/docs\/gone\.md is not a doc of this project \(no such file\)/],
    ['get', { path: '.heimdall/docs/ops.md', heading: 'Deployment' }, /\.heimdall\/docs\/ops\.md has no heading "Deployment"; its headings:\n {2}Operations\n {2}Operations > Watchman clocks\n {2}Operations > Watchman clocks > Fresh instances\n {2}Operations > Releases/],
    ['get', { path: '.heimdall/docs/ops.md', heading: 'Ratio 16:9' }, /cannot ask for the heading "Ratio 16:9" .* ask for its lines/],
    ['get', { path: '.heimdall/docs/ops.md', startLine: 50 }, /\.heimdall\/docs\/ops\.md:50-50 is outside the file: it has 15 lines$/],
    ['get', { path: '.heimdall/docs/ops.md', startLine: 5, endLine: 99 }, /ops\.md:5-99 is outside the file: it has 15 lines$/],
    ['get', { path: '.heimdall/docs/ops.md', startLine: 5, endLine: 4 }, /ops\.md:5-4 is outside the file: it has 15 lines \(and END comes before START\)/],
    ['get', { path: '.heimdall/docs/ops.md', startLine: 0 }, /startLine/],
    ['get', { path: '.heimdall/docs/ops.md', heading: 'Releases', startLine: 2 }, /a heading or a line range, not both/],
    ['get', { path: '.heimdall/docs/ops.md', endLine: 2 }, /endLine needs startLine/],
    ['list', { limit: 'all' }, /expected number/],
    ['status', { verbose: true }, /Unrecognized key/],
    ['remember', { title: 'Empty', text: '' }, /text/],
    ['remember', { title: 'Blank', text: ' \n\t ' }, /text is empty/],
    ['remember', { title: ' \n ', text: 'something' }, /title is empty/],
    ['remember', { title: 'Big', text: 'x'.repeat(3000) }, /over load\.max_file_bytes \(2000\)/],
    ['remember', { title: 'Nul', text: 'a\0b' }, /NUL/],
    ['remember', { title: 'Kind', text: 'x', kind: 'rant' }, /kind/],
    ['remember', { title: 'Tags', text: 'x', tags: 'ops' }, /tags/],
    ['frobnicate', {}, /Tool frobnicate not found/],
  ];
  for (const [tool, args, fragment] of cases) {
    const result = await mcp.callUnchecked(tool, args);
    const label = `${tool} ${JSON.stringify(args).slice(0, 80)}`;
    t.true(result.isError, `${label}: ${textOf(result)}`);
    t.regex(textOf(result), fragment, label);
  }
  t.deepEqual(filesIn(memoriesDir(project.root)), []);
  // Still serving.
  t.falsy((await mcp.call('status')).isError);
});

test('remember: a new doc under mcp.memories_dir with front matter, searchable when the answer comes; never overwriting', async (t) => {
  const { project, mcp } = await server(t);
  const first = await mcp.call('remember', { title: 'Use WAL mode (not DELETE)!', text: 'Readers never block the *writer* in WAL mode.', tags: ['db', 'sqlite', 'db'], kind: 'decision' });
  t.falsy(first.isError, textOf(first));
  const memory = first.structuredContent;
  const day = memory.created.slice(0, 10);
  t.like(memory, { path: `.heimdall/docs/memories/${day}-use-wal-mode-not-delete.md`, title: 'Use WAL mode (not DELETE)!', tags: ['db', 'sqlite'], kind: 'decision', indexed: true });
  t.is(memory.uri, `heimdall://doc/${memory.path}`);
  const text = readFileSync(path.join(project.root, memory.path), 'utf8');
  const front = parse(/^---\n([\s\S]*?)\n---\n/.exec(text)![1]);
  t.deepEqual(front, { title: 'Use WAL mode (not DELETE)!', tags: ['db', 'sqlite'], kind: 'decision', created: memory.created });
  t.regex(text, /\n# Use WAL mode \(not DELETE\)!\n\nReaders never block the \*writer\* in WAL mode\.\n$/);
  // Searchable right away: the answer came after the store had it.
  const hits = (await mcp.call('search', { query: 'readers block writer' })).structuredContent.hits;
  t.deepEqual(hits.map((hit) => hit.path), [memory.path]);
  t.deepEqual((await mcp.call('search', { query: 'readers', tag: 'sqlite' })).structuredContent.hits.map((hit) => hit.path), [memory.path]);

  // The same title again, and several at once: new names, never the old file rewritten.
  const again = await Promise.all([1, 2, 3].map((n) => mcp.call('remember', { title: 'Use WAL mode (not DELETE)!', text: `take ${n}` })));
  const paths = again.map((result) => result.structuredContent.path).sort();
  t.deepEqual(paths, [2, 3, 4].map((n) => `.heimdall/docs/memories/${day}-use-wal-mode-not-delete-${n}.md`));
  for (const result of again) t.like(result.structuredContent, { kind: 'note', tags: [], indexed: true });
  t.is(readFileSync(path.join(project.root, memory.path), 'utf8'), text);
  t.deepEqual(filesIn(memoriesDir(project.root)).filter((name) => !name.endsWith('.md')), [], 'no temp file left');
  t.is((await mcp.call('list', { path: 'memories/**' })).structuredContent.total, 4);
});

test('two servers remembering the same title at once: two complete files, neither clobbered', async (t) => {
  const { project, mcp } = await server(t);
  const other = await connectStdio(t, project.root);
  const [a, b] = await Promise.all([mcp.call('remember', { title: 'Race', text: 'from A' }), other.call('remember', { title: 'Race', text: 'from B' })]);
  t.not(a.structuredContent.path, b.structuredContent.path);
  t.regex(readFileSync(path.join(project.root, a.structuredContent.path), 'utf8'), /from A\n$/);
  t.regex(readFileSync(path.join(project.root, b.structuredContent.path), 'utf8'), /from B\n$/);
  t.true(a.structuredContent.indexed && b.structuredContent.indexed);
});

test('mcp.memories_dir outside every docs folder: remember refuses and writes nothing; outside the project: a config error', async (t) => {
  const { project, mcp } = await server(t, { config: `${noMonitor}  memories_dir: notes\n` });
  const refused = await mcp.call('remember', { title: 'Lost', text: 'never indexed' });
  t.true(refused.isError);
  t.regex(textOf(refused), /mcp\.memories_dir "notes" is not inside a docs folder \(monitoring\.target_path: \.heimdall\/docs\).*nothing was written/);
  t.false(existsSync(path.join(project.root, 'notes')));
  t.regex(mcp.stderr(), /mcp\.memories_dir "notes" is not inside a docs folder/);
  t.like((await mcp.call('status')).structuredContent.mcp, { memoriesDir: 'notes', memoriesIndexed: false });

  const outside = makeProject(t, { config: 'mcp:\n  memories_dir: ../elsewhere\n' });
  const run = await heimdall(['mcp'], { cwd: outside.root, input: '' });
  t.is(run.exitCode, 2);
  t.regex(run.stderr, /"mcp\.memories_dir" must be a path inside the project root/);
});

test('list and status: the indexed docs with title and tags; store, monitor, hooks and settings', async (t) => {
  const { mcp } = await server(t, { docs: { 'ops.md': ops, 'b/tagged.md': '---\ntags: [x, y]\n---\n# Tagged\n\ntext\n' } });
  const list = (await mcp.call('list')).structuredContent;
  t.is(list.total, 2);
  t.false(list.truncated);
  t.like(list.docs[0], { path: '.heimdall/docs/b/tagged.md', title: 'Tagged', tags: ['x', 'y'], memories: 1 });
  t.like(list.docs[1], { path: '.heimdall/docs/ops.md', title: 'Operations', size: Buffer.byteLength(ops), memories: 4 });
  t.true(Date.parse(list.docs[1].indexedAt) > 0);
  t.like((await mcp.call('list', { limit: 1 })).structuredContent, { total: 2, truncated: true });
  t.deepEqual((await mcp.call('list', { path: 'b' })).structuredContent.docs.map((doc) => doc.path), ['.heimdall/docs/b/tagged.md']);

  const status = await mcp.call('status');
  t.like(status.structuredContent, {
    store: { exists: true, sources: 2, memories: 5 },
    monitor: { running: false },
    hooks: null,
    hooksUnknown: 'not a git repository',
    mcp: { memoriesDir: '.heimdall/docs/memories', memoriesIndexed: true, freshnessMs: 30000, startMonitor: false, monitorLaunch: { state: 'idle' } },
    freshness: { fresh: true, via: 'sync' },
  });
  t.regex(textOf(status), /store: {4}2 docs, 5 memories/);
});

test('resources: every indexed doc as heimdall://doc/<path>, listed and read', async (t) => {
  const { mcp } = await server(t, { docs: { 'ops.md': ops, 'with space.md': '# Spaced\n\nout\n' } });
  const { resources } = await mcp.client.listResources();
  t.deepEqual(resources.map((resource) => resource.uri), ['heimdall://doc/.heimdall/docs/ops.md', 'heimdall://doc/.heimdall/docs/with%20space.md']);
  t.like(resources[0], { name: '.heimdall/docs/ops.md', title: 'Operations', mimeType: 'text/markdown' });
  const read = await mcp.client.readResource({ uri: resources[1].uri });
  t.deepEqual(read.contents, [{ uri: resources[1].uri, mimeType: 'text/markdown', text: '# Spaced\n\nout\n' }]);
  await t.throwsAsync(mcp.client.readResource({ uri: 'heimdall://doc/..%2F..%2Fetc%2Fpasswd' }), { message: /\.\.\/\.\.\/etc\/passwd is not a doc of this project \(outside the project root/ });
});

test('the server exits when the client closes its stdin, and its store connection with it', async (t) => {
  const { mcp } = await server(t);
  await mcp.call('search', { query: 'clock' });
  const started = Date.now();
  await mcp.close();
  // The client SIGTERMs after 2 s of waiting: the server went by itself before that.
  t.true(Date.now() - started < 1900, `close took ${Date.now() - started} ms`);
  await waitFor(() => !isAlive(mcp.pid!), { timeout: 2000, what: 'the server gone' });
});

test('mcp.freshness_ms bounds the wait: past it the answer says it is not fresh, and why', async (t) => {
  const { project, mcp } = await server(t, { config: 'mcp:\n  start_monitor: false\n  freshness_ms: 0\n' });
  project.write('.heimdall/docs/new.md', '# Newcomer\n\nthe aardvark arrives\n');
  const late = (await mcp.call('search', { query: 'aardvark' })).structuredContent;
  t.like(late.freshness, { fresh: false, via: 'sync' });
  t.regex(late.freshness.detail!, /a sync of the docs is still running after 0 ms \(mcp\.freshness_ms\)/);
  // remember waits for its own file whatever the bound.
  const memory = await mcp.call('remember', { title: 'Patience', text: 'the tortoise wins' });
  t.true(memory.structuredContent?.indexed, textOf(memory));
});

test('an edit of config.yaml applies to the running server; an invalid one keeps the previous config and shows in status', async (t) => {
  const { project, mcp } = await server(t);
  project.write('notes/plan.md', '# Plan\n\n## Later\n\nthe zeppelin\n');
  t.true((await mcp.call('get', { path: 'notes/plan.md' })).isError);
  project.write('.heimdall/config.yaml', `${noMonitor}monitoring:\n  target_path: [.heimdall/docs, notes]\n`);
  const part = await mcp.call('get', { path: 'notes/plan.md', heading: 'Later' });
  t.like(part.structuredContent, { path: 'notes/plan.md', heading: 'Plan > Later' });
  t.deepEqual((await mcp.call('search', { query: 'zeppelin' })).structuredContent.hits.map((hit) => hit.path), ['notes/plan.md']);
  project.write('.heimdall/config.yaml', 'monitoring: [unclosed\n');
  const status = (await mcp.call('status')).structuredContent;
  t.regex(status.mcp.configError!, /not valid YAML/);
  t.deepEqual(status.targetPaths, ['.heimdall/docs', 'notes']);
});
