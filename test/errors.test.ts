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
