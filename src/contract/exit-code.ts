// Exit codes are part of the contract with the executor, the hooks and scripts.
// 65, 66 and 75 follow sysexits.h (EX_DATAERR, EX_NOINPUT, EX_TEMPFAIL) so that generic tooling reads them right.
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  // `watch`: another monitor holds the singleton; `monitor wait`: no monitor runs.
  monitorConflict: 3,
  permanentFailure: 65,
  // `search` and `status` in a project whose store was never built (`heimdall sync` builds it).
  noStore: 66,
  temporaryFailure: 75,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
