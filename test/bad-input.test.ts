// One row per bad input: each gets a clear per-file error, and everything else in
// the same call is applied. The reliability catalogue extends this table.
import test, { type ExecutionContext } from 'ava';
import { type Stats, chmodSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { FileResult } from '../dist/contract/load-report.js';
import type { DocRead } from '../dist/load/read-doc.js';
import { makeProject, heimdall, heimdallJson, type ListedSource, type Project } from './helpers/project.js';
import { privateWatchman, monitorTools } from './helpers/watchman-server.js';

const docs = (name: string) => `.heimdall/docs/${name}`;

/** A bad input: what makes it (in the docs folder) or the path given instead, and the per-file error it must get. */
interface BadInputRow {
  name: string;
  file?: string;
  input?: string;
  make?: (file: string, t: ExecutionContext) => unknown;
  code?: string;
  fragment?: RegExp;
  noMemories?: boolean;
  unprivileged?: boolean;
}

const rows: BadInputRow[] = [
  { name: 'binary content named .md', file: 'bin.md', make: (f) => writeFileSync(f, Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02])), code: 'binary', fragment: /binary/ },
  { name: 'invalid UTF-8', file: 'latin1.md', make: (f) => writeFileSync(f, Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a])), code: 'invalid-utf8', fragment: /UTF-8/ },
  // Not bad input: a doc with no memories (it replaces what the file held before; see the issue "The promise in real setups").
  { name: 'an empty file', file: 'empty.md', make: (f) => writeFileSync(f, ''), noMemories: true },
  { name: 'a whitespace-only file with a BOM', file: 'blank.md', make: (f) => writeFileSync(f, '\uFEFF \n\n'), noMemories: true },
  { name: 'a file over load.max_file_bytes', file: 'big.md', make: (f) => writeFileSync(f, `# Big\n\n${'word '.repeat(100)}\n`), code: 'too-large', fragment: /over load\.max_file_bytes \(200\)/ },
  { name: 'a path outside the project root', input: '/etc/hostname', code: 'outside-root', fragment: /outside the project root/ },
  { name: 'a symlink pointing outside the root', file: 'escape.md', make: (f) => symlinkSync('/etc/hostname', f), code: 'outside-root', fragment: /outside the project root/ },
  { name: 'a directory named x.md', file: 'dir.md', make: (f) => mkdirSync(f), code: 'not-a-file', fragment: /directory/ },
  { name: 'a FIFO named x.md (must not hang)', file: 'fifo.md', make: (f) => execFileSync('mkfifo', [f]), code: 'not-a-file', fragment: /FIFO/ },
  {
    name: 'a socket named x.md',
    file: 'sock.md',
    make: async (f, t) => {
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(f, resolve));
      t.teardown(() => server.close());
    },
    code: 'not-a-file',
    fragment: /socket/,
  },
  {
    name: 'a symlink loop',
    file: 'loop-a.md',
    make: (f) => {
      symlinkSync(path.join(path.dirname(f), 'loop-b.md'), f);
      symlinkSync(f, path.join(path.dirname(f), 'loop-b.md'));
    },
    code: 'symlink-loop',
    fragment: /loop/,
  },
  {
    name: 'a file unreadable for permissions',
    file: 'secret.md',
    make: (f) => {
      writeFileSync(f, '# Secret\n\nhidden\n');
      chmodSync(f, 0o000);
    },
    unprivileged: true,
    code: 'permission-denied',
    fragment: /permission denied/,
  },
];

// A FIFO path must never be opened: the whole call runs under a hard deadline.
for (const row of rows) {
  test(`bad input: ${row.name}`, async (t) => {
    const p = makeProject(t, { config: 'load:\n  max_file_bytes: 200\n', docs: { 'good.md': '# Good\n\nfine text\n', 'other good.md': '# Other\n\nalso fine\n' } });
    if (row.make) await row.make(path.join(p.docsDir, row.file!), t);
    const bad = row.input ?? docs(row.file!);
    // Root reads anything: `unprivileged` runs the CLI without the capabilities that bypass permissions.
    const options = { cwd: p.root, timeout: 20_000, unprivileged: row.unprivileged };
    const result = await heimdallJson(['load', docs('good.md'), bad, docs('other good.md')], options);
    if (row.noMemories) {
      t.is(result.exitCode, 0, result.stderr);
      t.deepEqual(result.json.results, [
        { path: docs('good.md'), action: 'loaded', memories: 1 },
        { path: bad, action: 'loaded', memories: 0 },
        { path: docs('other good.md'), action: 'loaded', memories: 1 },
      ]);
      const stored = (await heimdallJson(['sources'], { cwd: p.root })).json.sources.find((s: ListedSource) => s.path === bad);
      t.like(stored, { memories: 0, sha1: createHash('sha1').update(readFileSync(path.join(p.docsDir, row.file!))).digest('hex') });
      return;
    }
    t.is(result.exitCode, 65, result.stderr);
    const failed = result.json.results.find((r: FileResult) => r.action === 'failed');
    t.is(failed.path, bad);
    t.is(failed.error.code, row.code);
    t.regex(failed.error.message, row.fragment!);
    t.true(failed.error.permanent);
    t.deepEqual(
      result.json.results.filter((r: FileResult) => r.action === 'loaded').map((r: FileResult) => r.path).sort(),
      [docs('good.md'), docs('other good.md')],
    );
    t.is(result.json.summary.failed, 1);
  });
}

test('a failed load keeps the previous memories of that file', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# Kept\n\nprecious words\n' } });
  await heimdallJson(['load', docs('a.md')], { cwd: p.root });
  writeFileSync(path.join(p.docsDir, 'a.md'), Buffer.from([0xff, 0xfe, 0x00]));
  const result = await heimdallJson(['load', docs('a.md')], { cwd: p.root });
  t.is(result.json.results[0].error.code, 'binary');
  const hits = await heimdallJson(['search', 'precious'], { cwd: p.root });
  t.is(hits.json.hits.length, 1);
});

test('names with spaces, quotes, $(...), newlines and non-ASCII are indexed as they are', async (t) => {
  const marker = path.join(process.cwd(), `pwned-${process.pid}`);
  const names = ['with space.md', `quote"s'.md`, `$(touch ${marker}).md`, 'new\nline.md', 'ünïcødé 文档 🚀.md'];
  const p = makeProject(t, { docs: Object.fromEntries(names.map((n, i) => [n, `# Doc ${i}\n\nbody ${i}\n`])) });
  const result = await heimdallJson(['load', '--files-from', '-', '-0'], { cwd: p.root, input: names.map(docs).join('\0') });
  t.is(result.exitCode, 0);
  t.deepEqual(result.json.results.map((r: FileResult) => [r.path, r.action]), names.map((n) => [docs(n), 'loaded']));
  const sources = await heimdallJson(['sources'], { cwd: p.root });
  t.deepEqual(sources.json.sources.map((s: ListedSource) => s.path).sort(), names.map(docs).sort());
  t.throws(() => statSync(marker));
});

test('a file that changes while it is read is a temporary failure', async (t) => {
  const { readDoc } = await import('../dist/load/read-doc.js');
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nbefore\n' } });
  const file = path.join(p.docsDir, 'a.md');
  const result = readDoc(p.root, file, 1_000_000, {
    afterOpen: () => {
      execFileSync('rm', [file]);
      writeFileSync(file, '# A\n\nafter, longer\n');
    },
  });
  t.is(result.kind, 'error');
  t.deepEqual((result as Extract<DocRead, { kind: 'error' }>).error, { code: 'vanished', message: 'the file changed or vanished while it was being read', permanent: false });
});

// Whole-call cases: the call cannot apply anything, so each row checks the exit code, the
// message, and that nothing the user had was changed: every file and folder of the project
// (the store included, or its absence) is byte for byte what it was, plus a row's own `after`
// checks. Only the rows marked `indexes` are expected to write (the store), and check what.
const Database = createRequire(import.meta.url)('better-sqlite3');
const storeFile = (p: Project) => path.join(p.root, '.heimdall', 'memory.db');
// A store holding the docs, then a doc edited: a call that went ahead anyway would change the store.
async function storedThenEdited(p: Project) {
  await heimdallJson(['load', '.heimdall/docs'], { cwd: p.root });
  p.write(docs('good.md'), '# Good\n\nedited since it was stored\n');
}
/** A call refused as a whole: how the project is set up, the call, and what it must answer. */
interface WholeCallRow {
  name: string;
  setup?: (p: Project) => unknown;
  args: string[];
  exitCode: number;
  stderr: RegExp;
  json?: Record<string, unknown>;
  after?: (t: ExecutionContext, p: Project) => unknown;
  unprivileged?: boolean;
  indexes?: boolean;
}

const wholeCallRows: WholeCallRow[] = [
  {
    name: 'a malformed config',
    setup: async (p) => {
      await storedThenEdited(p);
      p.write('.heimdall/config.yaml', 'monitoring: [unclosed\n');
    },
    args: ['load', '.heimdall/docs'],
    exitCode: 2,
    stderr: /config\.yaml: not valid YAML/,
  },
  {
    name: 'a wrongly typed config',
    setup: async (p) => {
      await storedThenEdited(p);
      p.write('.heimdall/config.yaml', 'monitoring:\n  settle_ms: soon\n');
    },
    args: ['sync'],
    exitCode: 2,
    stderr: /"monitoring\.settle_ms" must be an integer/,
  },
  {
    name: 'a corrupt store (left untouched)',
    setup: (p) => writeFileSync(storeFile(p), 'not sqlite '.repeat(500)),
    args: ['load', '.heimdall/docs', '--json'],
    exitCode: 1,
    stderr: /is not a valid heimdall store.*left untouched/,
    json: { code: 'store-unavailable', permanent: true },
    after: (t, p) => t.is(readFileSync(storeFile(p), 'utf8'), 'not sqlite '.repeat(500)),
  },
  {
    name: 'a store of a newer schema version (never recreated)',
    setup: async (p) => {
      await heimdallJson(['load', '.heimdall/docs'], { cwd: p.root });
      const db = new Database(storeFile(p));
      db.pragma('user_version = 99');
      db.close();
    },
    args: ['sync'],
    exitCode: 1,
    stderr: /schema version 99, newer than this heimdall understands/,
    after: (t, p) => {
      const db = new Database(storeFile(p), { readonly: true });
      t.is(db.pragma('user_version', { simple: true }), 99);
      t.is(db.prepare('SELECT count(*) AS n FROM sources').get().n, 2);
      db.close();
    },
  },
  {
    name: 'a project root without write permission',
    unprivileged: true,
    setup: (p) => chmodSync(path.join(p.root, '.heimdall'), 0o555),
    args: ['load', '.heimdall/docs', '--json'],
    exitCode: 1,
    stderr: /cannot create or write the store .*not writable/,
    json: { code: 'store-unavailable', permanent: true },
  },
  {
    name: 'a target path that does not exist',
    indexes: true,
    setup: (p) => p.write('.heimdall/config.yaml', 'monitoring:\n  target_path: [.heimdall/docs, missing/docs]\n'),
    args: ['sync', '--json'],
    exitCode: 0,
    stderr: /"missing\/docs" does not exist: nothing to index there/,
    after: async (t, p) => t.is((await heimdallJson(['sources'], { cwd: p.root })).json.sources.length, 2),
  },
  {
    name: 'a target path that is a file (indexes that one file)',
    indexes: true,
    setup: (p) => p.write('.heimdall/config.yaml', 'monitoring:\n  target_path: .heimdall/docs/good.md\n'),
    args: ['sync', '--json'],
    exitCode: 0,
    stderr: /^$/,
    after: async (t, p) => t.deepEqual((await heimdallJson(['sources'], { cwd: p.root })).json.sources.map((s: ListedSource) => s.path), [docs('good.md')]),
  },
];

// heimdall's own runtime state and SQLite's scratch files are not the user's: a refused call may leave them.
const notTheUsers = (rel: string, stat: Stats) => /^\.heimdall\/(run|logs)(\/|$)/.test(rel) || rel.endsWith('.db-shm') || (rel.endsWith('.db-wal') && stat.size === 0);

/** Every entry under `root` but heimdall's own scratch: its kind and mode, and a file's sha1 or a link's target. */
function projectTree(root: string) {
  const tree: Record<string, string> = {};
  const visit = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      const child = path.join(rel, name);
      const stat = lstatSync(path.join(root, child));
      if (notTheUsers(child, stat)) continue;
      if (stat.isDirectory()) {
        tree[child] = `dir ${stat.mode.toString(8)}`;
        visit(child);
      } else if (stat.isSymbolicLink()) tree[child] = `link ${readlinkSync(path.join(root, child))}`;
      else tree[child] = `file ${stat.mode.toString(8)} ${createHash('sha1').update(readFileSync(path.join(root, child))).digest('hex')}`;
    }
  };
  visit('');
  return tree;
}

for (const row of wholeCallRows) {
  test(`bad input (whole call): ${row.name}`, async (t) => {
    const p = makeProject(t, { docs: { 'good.md': '# Good\n\nfine text\n', 'other good.md': '# Other\n\nalso fine\n' } });
    await row.setup?.(p);
    const options = { cwd: p.root, timeout: 30_000, unprivileged: row.unprivileged };
    t.teardown(() => chmodSync(path.join(p.root, '.heimdall'), 0o755));
    const before = projectTree(p.root);
    const result = await heimdall(row.args, options);
    t.is(result.exitCode, row.exitCode, result.stderr);
    if (!row.indexes) t.deepEqual(projectTree(p.root), before, 'nothing in the project changed');
    t.regex(result.stderr, row.stderr);
    if (row.json) {
      const report = JSON.parse(result.stdout);
      t.true(report.results.length > 0);
      for (const r of report.results) t.like(r, { action: 'failed', error: row.json });
    }
    await row.after?.(t, p);
  });
}

// The watched case of the catalogue: the target path itself deleted under a running monitor.
const watchman = privateWatchman(test);

watchman.test('bad input (watched): the target path deleted while watched, then created again', async (t) => {
  const p = makeProject(t, { docs: { 'a.md': '# A\n\nalpha\n', 'sub/b.md': '# B\n\nbeta\n' } });
  const m = await monitorTools(t, p, watchman.server, { heimdall });
  await m.start();
  await m.wait();
  t.deepEqual((await m.sources()).sort(), [docs('a.md'), docs('sub/b.md')]);
  p.remove('.heimdall/docs');
  await m.wait();
  t.deepEqual(await m.sources(), []);
  t.true((await m.status()).running, 'the monitor keeps running');
  p.write(docs('c.md'), '# C\n\ngamma\n');
  await m.wait();
  t.deepEqual(await m.sources(), [docs('c.md')]);
});
