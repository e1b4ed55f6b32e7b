import { signalGroup } from './signal-group.js';

// Every live child process group that this process supervises (executor calls, the monitor's catch-up sync and
// config reads), so that the one 'exit' hook can take them down synchronously: the children run in their own
// groups, so nothing else would.
const liveGroups = new Set<number>();
let exitHookInstalled = false;

export function registerChildGroup(pgid: number): void {
  liveGroups.add(pgid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Cheap insurance for a caller that exits without stopping its children: 'exit' handlers must be synchronous.
    process.on('exit', killAllChildrenSync);
  }
}

export function unregisterChildGroup(pgid: number): void {
  liveGroups.delete(pgid);
}

/** SIGKILLs every live child process group (grandchildren included). Synchronous: safe in process.on('exit'). */
export function killAllChildrenSync(): number {
  let killed = 0;
  for (const pgid of liveGroups) {
    if (signalGroup(pgid, 'SIGKILL')) killed++;
  }
  liveGroups.clear();
  return killed;
}
