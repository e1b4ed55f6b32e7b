// `remember` on a full disk: a tool error saying so, and nothing left behind (no memory, no temp file);
// once space is back it works. The whole project lives on a small tmpfs.
import test from 'ava';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeNewFile } from '../dist/mcp/write-new-file.js';
import { mountTmpfs, tmpfsAvailable } from './helpers/tmpfs.js';
import { connectStdio, textOf } from './helpers/mcp-client.js';

const fsTest = tmpfsAvailable() ? test : test.skip;

fsTest('remember on a full disk: a clear tool error, no memory and no temp file; once space is back, it works', async (t) => {
  const disk = mountTmpfs(t, '2m');
  const root = path.join(disk.dir, 'project');
  const memories = path.join(root, '.heimdall', 'docs', 'memories');
  mkdirSync(memories, { recursive: true });
  writeFileSync(path.join(root, '.heimdall', 'config.yaml'), 'mcp:\n  start_monitor: false\n  freshness_ms: 30000\n');
  writeFileSync(path.join(root, '.heimdall', 'docs', 'ops.md'), '# Operations\n\nthe clock\n');
  const mcp = await connectStdio(t, root);
  t.is((await mcp.call('search', { query: 'clock' })).structuredContent.hits.length, 1);

  disk.fill();
  const full = await mcp.call('remember', { title: 'Too much', text: 'a memory bigger than the last bytes of the disk '.repeat(200) });
  t.true(full.isError, textOf(full));
  t.regex(textOf(full), /cannot write the memory: the disk is full \(no space left on the device holding \.heimdall\/docs\/memories\); nothing was written/);
  t.deepEqual(readdirSync(memories), []);
  // Reading goes on.
  t.is((await mcp.call('search', { query: 'clock' })).structuredContent.hits.length, 1);

  disk.free();
  const saved = await mcp.call('remember', { title: 'Room again', text: 'the pelican fits now' });
  t.like(saved.structuredContent, { indexed: true });
  t.deepEqual(readdirSync(memories), [path.basename(saved.structuredContent.path)]);
});

fsTest('writeNewFile: ENOSPC while writing the temp file leaves nothing behind', (t) => {
  const disk = mountTmpfs(t, '1m');
  const dir = path.join(disk.dir, 'out');
  mkdirSync(dir);
  disk.fill();
  const error = t.throws<NodeJS.ErrnoException>(() => writeNewFile(dir, (n) => (n === 0 ? 'a.md' : null), Buffer.alloc(64 * 1024, 0x61)));
  t.is(error.code, 'ENOSPC');
  t.deepEqual(readdirSync(dir), []);
  disk.free();
  t.is(writeNewFile(dir, (n) => (n === 0 ? 'a.md' : null), 'x'), path.join(dir, 'a.md'));
  t.throws(() => writeNewFile(dir, (n) => (n === 0 ? 'a.md' : null), 'y'), { code: 'EEXIST' });
  t.deepEqual(readdirSync(dir), ['a.md']);
});
