// The store's one-shot stall seam (HEIMDALL_TEST_STALL_ONCE), which the chaos run arms for a running
// monitor's loads: the first load to reach the write the flag names takes the flag and stalls inside that
// file's transaction; whoever writes after it (the retry of the load killed there) is not stalled.
import test from 'ava';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { memoryCounts } from './helpers/store-rows.js';
import { heimdall, heimdallBin, heimdallJson, makeProject, tempDir, waitFor } from './helpers/project.js';
import { execa } from 'execa';

const docName = (i: number) => `.heimdall/docs/f${i}.md`;

test('HEIMDALL_TEST_STALL_ONCE stalls one write of one process, inside its transaction, and names that process', async (t) => {
  const count = 6;
  const p = makeProject(t);
  for (let i = 0; i < count; i++) p.write(docName(i), `# F${i}\n\nold ${i}\n`);
  t.is((await heimdall(['load', '.heimdall/docs'], { cwd: p.root })).exitCode, 0);
  for (let i = 0; i < count; i++) p.write(docName(i), `# F${i}\n\nnew ${i}\n\n## More\n\nsecond\n`);
  const flag = path.join(tempDir(t), 'stall');
  writeFileSync(flag, '2');
  const env = { HEIMDALL_TEST_STALL_ONCE: flag };

  const stalled = execa(process.execPath, [heimdallBin, 'load', '.heimdall/docs'], { cwd: p.root, env, reject: false });
  t.teardown(() => stalled.kill('SIGKILL'));
  await waitFor(() => existsSync(`${flag}.${stalled.pid}`), { timeout: 20_000, what: 'the load to take the flag' });
  t.false(existsSync(flag), 'the flag is taken, not copied');
  stalled.kill('SIGKILL');
  t.is((await stalled).signal, 'SIGKILL');
  // Two files written, the third rolled back with the rest.
  const store = path.join(p.root, '.heimdall', 'memory.db');
  t.deepEqual(memoryCounts(store), [2, 2, 1, 1, 1, 1]);

  // The flag is gone: the next load with the same environment writes every file.
  const retry = await heimdallJson(['load', '.heimdall/docs'], { cwd: p.root, env, timeout: 20_000 });
  t.is(retry.exitCode, 0, retry.stderr);
  t.like(retry.json.summary, { loaded: count - 2, unchanged: 2 });
  t.false(retry.stderr.includes('test stall'));
  t.deepEqual(memoryCounts(store), Array(count).fill(2));
});
