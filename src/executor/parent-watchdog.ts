// Used by the delegated commands (`load`, `remove-file`). The executor runs them in their own process group
// (so a terminal's Ctrl-C or a group kill of the monitor does not hit them mid-transaction), which also means a
// SIGKILLed monitor cannot take them down: they notice that they were re-parented and stop themselves.
export const parentPidVariable = 'HEIMDALL_PARENT_PID';

/** True when HEIMDALL_PARENT_PID is set and our parent is no longer that process. */
export function parentIsGone(env: NodeJS.ProcessEnv = process.env): boolean {
  const expected = Number(env[parentPidVariable]);
  if (!Number.isInteger(expected) || expected <= 0) return false;
  return process.ppid !== expected;
}

/** Calls `onGone` once, within 250 ms of the parent's death. The interval is unref'd; returns a stop function. */
export function watchParent(onGone: () => void, intervalMs = 200): () => void {
  const timer = setInterval(() => {
    if (!parentIsGone()) return;
    clearInterval(timer);
    onGone();
  }, Math.min(intervalMs, 250));
  timer.unref();
  return () => clearInterval(timer);
}
