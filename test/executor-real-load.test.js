// The executor's default commands: the real `heimdall load` / `remove-file` through the current node.
import test from 'ava';
import { parseConfig } from '../dist/config/parse-config.js';
import { createExecutor } from '../dist/executor/create-executor.js';
import { makeProject } from './helpers/project.js';

test('the default commands apply a batch through the real heimdall load and remove-file', async (t) => {
  const project = makeProject(t, { docs: { 'a.md': '# A\n\nAlpha text.\n', 'b.md': '# B\n\nBeta text.\n', 'with space.md': '# S\n\nSpaced.\n' } });
  const logs = [];
  const executor = createExecutor({ config: parseConfig({}, project.root, null, {}), log: (line) => logs.push(line) });
  t.teardown(() => executor.stop(0));
  const docs = (name) => `.heimdall/docs/${name}`;

  const first = await executor.submit(['a.md', 'b.md', 'with space.md'].map((name) => ({ path: docs(name), deleted: false })));
  t.deepEqual(first.failed, [], logs.join('\n'));
  t.deepEqual(first.results.map((r) => [r.path, r.action]), [[docs('a.md'), 'loaded'], [docs('b.md'), 'loaded'], [docs('with space.md'), 'loaded']]);

  project.remove(docs('b.md'));
  const second = await executor.submit([{ path: docs('b.md'), deleted: true }, { path: docs('a.md'), deleted: false }]);
  t.deepEqual(second.results.map((r) => [r.path, r.action]), [[docs('b.md'), 'removed'], [docs('a.md'), 'unchanged']]);
  t.is(executor.stats().calls, 3);
  t.true(logs.every((line) => !line.includes('configuration error')));
});
