import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { messages } from '../errors/messages.js';
import type { CanaryTracker } from './canary-tracker.js';
import { BackendPoisonedError } from '../errors/backend-unavailable-error.js';
import type { WatchBackend } from './watch-backend.js';

/**
 * How long a heartbeat canary may take to arrive before the watcher is flushed. Canaries skip the
 * client-side settle and Watchman's own settle is 20 ms: they arrive in milliseconds unless Watchman
 * holds notifications back (the hook sync's `heimdall.sync` state, git's index.lock) or is frozen.
 */
export const heartbeatSeenMs = 2000;
/** The bound of that flush and of the probe: a stopped (SIGSTOP) Watchman never answers. */
export const heartbeatFlushMs = 3000;

import type { Degraded, HeartbeatState } from '../contract/monitor-status.js';

export type { Degraded, HeartbeatState };

export interface HeartbeatOptions {
  /** Absolute control directory (.heimdall/run/): the backends report its `canary.*` files, never as docs. */
  dir: string;
  intervalS(): number;
  canaries: CanaryTracker;
  backend: Pick<WatchBackend, 'flush' | 'probe'>;
  /** False while reconnecting or stopping: no beat then (the reconnect attempts probe the watcher). */
  watching(): boolean;
  /** A beat was missed (every miss): the monitor resubscribes and owes a full catch-up. */
  missed(reason: string): void;
  /** The first beat seen after a miss: the watcher delivers again. */
  recovered(): void;
  /** Watchman refuses commands for good: the monitor falls back to the Node backend. */
  poisoned(error: BackendPoisonedError): void;
  log(line: string): void;
}

export interface Heartbeat {
  readonly state: HeartbeatState;
  /** Set by a missed beat, cleared by the next one seen. */
  readonly degraded: Degraded | null;
  /** The first beat follows one interval after. */
  start(): void;
  /** The watcher was resubscribed: when degraded, a beat now (or right after the one under way) tells whether it recovered. */
  resubscribed(): void;
  stop(): void;
}

type Outcome = { type: 'seen'; at: number } | { type: 'missed'; reason: string } | { type: 'poisoned'; error: BackendPoisonedError } | { type: 'skipped' };

/**
 * The monitor's own canary, every `monitoring.heartbeat_s`: a file under the control directory that
 * the subscription matches and heimdall never stores. One beat at a time: written, awaited for
 * `heartbeatSeenMs`, then the watcher is flushed (bounded) in case it only held the canary back; not
 * seen after that is a miss, at most heartbeatSeenMs + heartbeatFlushMs after the write. Each beat
 * also probes the watcher with a command, since a poisoned Watchman keeps delivering but refuses them.
 */
export function createHeartbeat(options: HeartbeatOptions): Heartbeat {
  const state: HeartbeatState = { intervalS: options.intervalS(), lastSeen: null, outstanding: null, misses: 0 };
  let degraded: Degraded | null = null;
  let timer: NodeJS.Timeout | null = null;
  let beating = false;
  let again = false;
  let stopped = true;
  let seq = 0;
  let file: string | null = null;
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

  const removeCanary = (): void => {
    if (file === null) return;
    try {
      rmSync(file, { force: true });
    } catch {
      // left for the next start's cleanup
    }
    file = null;
  };

  const schedule = (): void => {
    if (stopped) return;
    if (timer !== null) clearTimeout(timer);
    state.intervalS = options.intervalS();
    timer = setTimeout(() => {
      timer = null;
      void beat();
    }, state.intervalS * 1000);
  };

  const judge = async (token: string, canary: string): Promise<Outcome> => {
    try {
      mkdirSync(options.dir, { recursive: true });
      writeFileSync(canary, `${token}\n`);
    } catch (error) {
      // A full disk or a removed directory says nothing about the watcher.
      options.log(`heartbeat: cannot write ${canary}: ${message(error)}`);
      return { type: 'skipped' };
    }
    const probe = options.backend.probe(heartbeatFlushMs).then(() => null, (error: unknown) => error);
    let seen = await options.canaries.wait(token, heartbeatSeenMs);
    let flushed = 'a flush of the watcher did not bring it either';
    if (!seen && !stopped && options.watching()) {
      // flush-subscriptions delivers even deferred notifications, before it answers, on the same socket.
      let bound: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => (bound = setTimeout(() => reject(new Error(`no answer within ${heartbeatFlushMs} ms`)), heartbeatFlushMs)));
      try {
        await Promise.race([options.backend.flush(heartbeatFlushMs), deadline]);
      } catch (error) {
        if (error instanceof BackendPoisonedError) return { type: 'poisoned', error };
        flushed = `a flush of the watcher failed: ${message(error)}`;
      } finally {
        clearTimeout(bound);
      }
      seen = await options.canaries.wait(token, 100);
    }
    const seenAt = Date.now();
    const probeError = await probe;
    if (probeError instanceof BackendPoisonedError) return { type: 'poisoned', error: probeError };
    // Lost meanwhile (Watchman gone, a reload resubscribing): the reconnect path has it.
    if (stopped || !options.watching()) return { type: 'skipped' };
    if (seen) return { type: 'seen', at: seenAt };
    return { type: 'missed', reason: messages.watch.heartbeatMissed(heartbeatSeenMs, flushed) };
  };

  const beat = async (): Promise<void> => {
    if (stopped) return;
    if (beating) {
      again = true;
      return;
    }
    if (!options.watching()) return schedule();
    beating = true;
    const token = `heartbeat-${process.pid}-${++seq}`;
    file = path.join(options.dir, `canary.${token}`);
    const written = Date.now();
    state.outstanding = { token, writtenAt: new Date(written).toISOString() };
    let outcome: Outcome;
    try {
      outcome = await judge(token, file);
    } finally {
      state.outstanding = null;
      beating = false;
      removeCanary();
    }
    if (stopped) return;
    switch (outcome.type) {
      case 'poisoned':
        options.poisoned(outcome.error);
        return;
      case 'seen':
        state.lastSeen = { token, writtenAt: new Date(written).toISOString(), seenAt: new Date(outcome.at).toISOString(), ms: outcome.at - written };
        if (degraded !== null) {
          degraded = null;
          options.log(messages.watch.heartbeatSeenAgain);
          options.recovered();
        }
        break;
      case 'missed':
        state.misses++;
        degraded = { since: degraded?.since ?? new Date().toISOString(), reason: outcome.reason };
        options.missed(outcome.reason);
        break;
      case 'skipped':
        break;
    }
    if (again) {
      again = false;
      void beat();
    } else schedule();
  };

  return {
    state,
    get degraded() {
      return degraded;
    },
    start: () => {
      stopped = false;
      removeLeftovers(options.dir);
      schedule();
    },
    resubscribed: () => {
      if (stopped || degraded === null) return;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      void beat();
    },
    stop: () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      // Not left for the beat under way to remove: its probe may wait out its bound after the monitor is gone.
      removeCanary();
    },
  };
}

/** Canaries of a monitor that was killed mid-beat: never docs, but clutter. */
function removeLeftovers(dir: string): void {
  try {
    for (const name of readdirSync(dir)) if (name.startsWith('canary.heartbeat-')) rmSync(path.join(dir, name), { force: true });
  } catch {
    // no directory yet: nothing left over
  }
}
