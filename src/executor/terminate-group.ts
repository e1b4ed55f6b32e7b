import { groupAlive, signalGroup } from './signal-group.js';

const pollMs = 50;
// After SIGKILL a member can linger in uninterruptible sleep (D state, e.g. a hung NFS read): we stop waiting
// then rather than hang the caller forever.
const afterKillWaitMs = 2000;

export interface GroupTerminator {
  /** SIGTERM now (once), SIGKILL when `graceMs` has passed; a later call can only shorten the grace. */
  terminate(graceMs: number): Promise<void>;
  /** Whether SIGKILL had to be sent. */
  readonly killed: boolean;
}

/** Terminates a whole process group (the child and every descendant that stayed in its group). */
export function groupTerminator(pgid: number): GroupTerminator {
  let killAt = Number.POSITIVE_INFINITY;
  let running: Promise<void> | null = null;
  let killed = false;

  const waitUntilGone = async (): Promise<void> => {
    let killedAt: number | null = null;
    while (groupAlive(pgid)) {
      const now = Date.now();
      if (killedAt === null && now >= killAt) {
        signalGroup(pgid, 'SIGKILL');
        killed = true;
        killedAt = now;
      } else if (killedAt !== null && now - killedAt > afterKillWaitMs) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };

  return {
    terminate(graceMs: number): Promise<void> {
      killAt = Math.min(killAt, Date.now() + Math.max(0, graceMs));
      if (running === null) {
        signalGroup(pgid, 'SIGTERM');
        running = waitUntilGone();
      }
      return running;
    },
    get killed() {
      return killed;
    },
  };
}
