// One row per bad input: each gets a clear per-file error, and everything else in
// the same call is applied. The reliability catalogue extends this table.
import test from 'ava';
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { makeProject, heimdallJson } from './helpers/project.js';

const docs = (name) => `.heimdall/docs/${name}`;
const isRoot = process.getuid?.() === 0;
const nobody = 65534;

function chownTree(dir, uid) {
  chownSync(dir, uid, uid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(child, uid);
    else if (!entry.isSymbolicLink()) chownSync(child, uid, uid);
  }
}

const rows = [
  { name: 'binary content named .md', file: 'bin.md', make: (f) => writeFileSync(f, Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02])), code: 'binary', fragment: /binary/ },
  { name: 'invalid UTF-8', file: 'latin1.md', make: (f) => writeFileSync(f, Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a])), code: 'invalid-utf8', fragment: /UTF-8/ },
  { name: 'an empty file', file: 'empty.md', make: (f) => writeFileSync(f, ''), code: 'empty', fragment: /empty/ },
  { name: 'a whitespace-only file with a BOM', file: 'blank.md', make: (f) => writeFileSync(f, '\uFEFF \n\n'), code: 'empty', fragment: /empty/ },
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
      await new Promise((resolve) => server.listen(f, resolve));
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
    asNobody: true,
    code: 'permission-denied',
    fragment: /permission denied/,
  },
];

// A FIFO path must never be opened: the whole call runs under a hard deadline.
for (const row of rows) {
  test(`bad input: ${row.name}`, async (t) => {
    const p = makeProject(t, { config: 'load:\n  max_file_bytes: 200\n', docs: { 'good.md': '# Good\n\nfine text\n', 'other good.md': '# Other\n\nalso fine\n' } });
    if (row.make) await row.make(path.join(p.docsDir, row.file), t);
    const bad = row.input ?? docs(row.file);
    const options = { cwd: p.root, timeout: 20_000 };
    if (row.asNobody && isRoot) {
      // Root reads anything: run the CLI as an unprivileged user to see a real EACCES.
      chmodSync(p.root, 0o755);
      chownTree(path.join(p.root, '.heimdall'), nobody);
      chmodSync(path.join(p.docsDir, row.file), 0o000);
      Object.assign(options, { uid: nobody, gid: nobody });
    }
    const result = await heimdallJson(['load', docs('good.md'), bad, docs('other good.md')], options);
    t.is(result.exitCode, 65, result.stderr);
    const failed = result.json.results.find((r) => r.action === 'failed');
    t.is(failed.path, bad);
    t.is(failed.error.code, row.code);
    t.regex(failed.error.message, row.fragment);
    t.true(failed.error.permanent);
    t.deepEqual(
      result.json.results.filter((r) => r.action === 'loaded').map((r) => r.path).sort(),
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
  t.deepEqual(result.json.results.map((r) => [r.path, r.action]), names.map((n) => [docs(n), 'loaded']));
  const sources = await heimdallJson(['sources'], { cwd: p.root });
  t.deepEqual(sources.json.sources.map((s) => s.path).sort(), names.map(docs).sort());
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
  t.deepEqual(result.error, { code: 'vanished', message: 'the file changed or vanished while it was being read', permanent: false });
});
