import type { BackendFallback, CatchUpState, ConfigState, MonitorPhase } from '../contract/monitor-status.js';
import { vcsLockWarning } from './vcs-lock-warning.js';
import type { WatchBackend } from './watch-backend.js';

export interface WarningInputs {
  backend: WatchBackend;
  watchRoot: string | null;
  phase: MonitorPhase;
  catchUp: CatchUpState;
  config: ConfigState;
  fallback: BackendFallback | null;
}

/** Problems `monitor status` lists (and `monitor health` counts as degraded). */
export function monitorWarnings({ backend, watchRoot, phase, catchUp, config, fallback }: WarningInputs): string[] {
  const list = [...backend.warnings()];
  // Not Watchman's absence (the Node backend is the designed fallback), but a Watchman that needs fixing.
  if (fallback?.cause === 'poisoned') list.push(fallback.reason);
  const vcsLock = backend.kind === 'watchman' && watchRoot !== null ? vcsLockWarning(watchRoot) : null;
  if (vcsLock !== null) list.push(vcsLock);
  if (phase === 'reconnecting') list.push(`${backend.kind} connection lost: reconnecting`);
  if (catchUp.state === 'retrying' || catchUp.state === 'failed') list.push(`the catch-up after a fresh instance failed: ${catchUp.error}`);
  if (config.error !== null) list.push(config.error.message);
  return list;
}
