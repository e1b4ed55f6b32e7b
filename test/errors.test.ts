// The error family: the code decides whether an error is temporary unless the thrower says so,
// and being temporary decides the exit code; the cause is kept.
import test from 'ava';
import type { ErrorCode } from '../dist/contract/error-code.js';
import type { ExitCode } from '../dist/contract/exit-code.js';
import { HeimdallError, type HeimdallErrorOptions } from '../dist/errors/heimdall-error.js';
import { BackendUnavailableError } from '../dist/errors/backend-unavailable-error.js';

test('temporary by code, or as the thrower says; exit 75 exactly when temporary', (t) => {
  const cases: [ErrorCode, HeimdallErrorOptions, boolean, ExitCode][] = [
    ['store-busy', {}, true, 75],
    ['no-space', {}, true, 75],
    ['store-io', {}, true, 75],
    // An unwritable store: store-io, but a retry cannot help (the executor must not retry it).
    ['store-io', { temporary: false }, false, 1],
    ['usage', {}, false, 2],
    ['not-a-project', {}, false, 2],
    ['git', {}, false, 2],
    ['no-store', {}, false, 66],
    ['store-corrupt', {}, false, 1],
    ['hooks', {}, false, 1],
    ['watch-backend', {}, false, 1],
  ];
  for (const [code, options, temporary, exitCode] of cases) {
    const error = new HeimdallError(code, 'x', options);
    t.is(error.temporary, temporary, code);
    t.is(error.exitCode, exitCode, code);
  }
});

test('the cause is kept, and a backend that cannot run is one of the family', (t) => {
  const cause = new Error('spawn watchman ENOENT');
  const error = new BackendUnavailableError('watchman: spawn watchman ENOENT', { cause });
  t.true(error instanceof HeimdallError);
  t.is(error.name, 'BackendUnavailableError');
  t.is(error.code, 'backend-unavailable');
  t.is(error.cause, cause);
  t.false(error.temporary);
  t.is(new HeimdallError('usage', 'x').cause, undefined);
});

test("out of descriptors, the module loader's 'Cannot find package' for a package that is there is too-many-files; for one that is not, nothing", async (t) => {
  const { resourceError } = await import('../dist/errors/resource-error.js');
  const { createRequire } = await import('node:module');
  const path = await import('node:path');
  const modules = path.dirname(path.dirname(createRequire(import.meta.url).resolve('yargs/package.json')));
  const loaderError = (file: string) => Object.assign(new Error(`Cannot find package '${file}' imported from /x/y.js`), { code: 'ERR_MODULE_NOT_FOUND' });
  // yargs has an `exports` map and no index.js: its package.json could not be read, so the loader tried index.js.
  t.is(resourceError(loaderError(path.join(modules, 'yargs', 'index.js')))?.code, 'too-many-files');
  t.is(resourceError(loaderError(path.join(modules, 'yargs', 'package.json')))?.code, 'too-many-files');
  t.is(resourceError(loaderError(path.join(modules, 'no-such-package-here', 'index.js'))), null);
});
