/**
 * Every error code heimdall uses, thrown (a HeimdallError) or reported (a failed path in a JSON
 * report, an entry of the monitor's failure list). Stable: scripts and the JSON contract read
 * them. Whether one is temporary is said next to it (`permanent` in a report, `temporary` on a
 * HeimdallError), not by the code alone: `read-error` and `store-io` can be either.
 */
export type ErrorCode =
  // --- the command line and the setup (exit 2, except `hooks`: 1) ---
  | 'usage'
  | 'config'
  | 'not-a-project'
  | 'git'
  // `heimdall hooks install` refused to touch an existing hook (the message says how to proceed).
  | 'hooks'
  // --- the store ---
  | 'no-store'
  | 'store-corrupt'
  | 'store-too-new'
  | 'store-busy'
  | 'store-io'
  // A path of a call whose store could not be opened at all (the store's own error is in the message).
  | 'store-unavailable'
  // `heimdall show`: the path is no doc of the project, or it has no such heading or lines.
  | 'not-found'
  // --- resources: temporary, a retry succeeds once that is over ---
  | 'no-space'
  | 'too-many-files'
  // --- one docs file (a `failed` result of `load` / `remove-file`) ---
  | 'binary'
  | 'invalid-utf8'
  | 'too-large'
  | 'permission-denied'
  | 'outside-root'
  | 'not-a-file'
  | 'symlink-loop'
  | 'vanished'
  | 'not-docs'
  | 'read-error'
  // --- the executor ---
  // The command could not run at all (missing, not executable, exit 126/127, or exit 2 = usage/config error).
  | 'executor-config'
  // Temporary failures used up executor.retry.attempts.
  | 'temporary-exhausted'
  // An empty path or one holding a NUL byte, which cannot travel NUL-separated on stdin.
  | 'invalid-path'
  // --- the monitor's file watching ---
  // A Watchman command or connection failed, or the Node fallback could not flush.
  | 'watch-backend'
  // The backend cannot watch this tree at all (no Watchman binary, no socket, a tree it refuses).
  | 'backend-unavailable'
  | 'internal';
