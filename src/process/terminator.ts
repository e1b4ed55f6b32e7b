import { groupAlive, signalGroup } from './signal-group.js';

const pollMs = 50;
// After SIGKILL a member can linger in uninterruptible sleep (D state, e.g. a hung NFS read): we stop waiting
// then rather than hang the caller forever.
const defaultAfterKillWaitMs = 2000;

/** The default SIGTERM-to-SIGKILL grace of every supervised child. */
export const defaultKillGraceMs = 3000;

export interface Terminator {
  /**
   * SIGTERM now (once), SIGKILL when `graceMs` has passed; a later call can only shorten the grace. Resolves
   * when the target is gone (true), or false when it outlived SIGKILL by the after-kill wait.
   */
  terminate(graceMs: number): Promise<boolean>;
  /** Whether SIGKILL had to be sent. */
  readonly killed: boolean;
}

/** What a terminator ends: how to signal it, and how to tell that it is gone. */
export interface TerminateTarget {
  signal(signal: NodeJS.Signals): void;
  alive(): boolean | Promise<boolean>;
}

/** The one SIGTERM-grace-SIGKILL sequence, for a process group (below) or a single process (`monitor stop`, a git call). */
export function createTerminator(target: TerminateTarget, afterKillWaitMs = defaultAfterKillWaitMs): Terminator {
  let killAt = Number.POSITIVE_INFINITY;
  let running: Promise<boolean> | null = null;
  let killed = false;

  const waitUntilGone = async (): Promise<boolean> => {
    let killedAt: number | null = null;
    while (await target.alive()) {
      const now = Date.now();
      if (killedAt === null && now >= killAt) {
        target.signal('SIGKILL');
        killed = true;
        killedAt = now;
      } else if (killedAt !== null && now - killedAt > afterKillWaitMs) {
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    return true;
  };

  return {
    terminate(graceMs: number): Promise<boolean> {
      killAt = Math.min(killAt, Date.now() + Math.max(0, graceMs));
      if (running === null) {
        target.signal('SIGTERM');
        running = waitUntilGone();
      }
      return running;
    },
    get killed() {
      return killed;
    },
  };
}

/** Terminates a whole process group (the child and every descendant that stayed in its group). */
export function groupTerminator(pgid: number): Terminator {
  return createTerminator({ signal: (signal) => signalGroup(pgid, signal), alive: () => groupAlive(pgid) });
}
