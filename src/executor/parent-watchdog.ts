import { parentPidVariable } from '../contract/env-variables.js';

// Used by the delegated commands (`load`, `remove-file`, and the monitor's catch-up `sync`). The executor runs them
// in their own process group (so a terminal's Ctrl-C or a group kill of the monitor does not hit them
// mid-transaction), which also means a SIGKILLed monitor cannot take them down: they notice that they were
// re-parented and stop themselves (between files here; at any moment through exit-when-parent-dies.ts).

/** True when HEIMDALL_PARENT_PID is set and our parent is no longer that process. */
export function parentIsGone(env: NodeJS.ProcessEnv = process.env): boolean {
  const expected = Number(env[parentPidVariable]);
  if (!Number.isInteger(expected) || expected <= 0) return false;
  return process.ppid !== expected;
}
