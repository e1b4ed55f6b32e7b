import type { MonitorPhase } from '../contract/monitor-status.js';
import type { AppliedLedger } from './applied-ledger.js';
import { countForCollection } from './collect-garbage.js';
import type { WatchEvent, WatchListener } from './watch-event.js';

export interface EventRoutes {
  phase(): MonitorPhase;
  /** Project-relative path of the config file: a change of it reloads the config. */
  configFile: string;
  /** What a canary's path starts with (controlFilePrefix): the rest is its token. */
  canaryPrefix: string;
  /** The docs predicate of the config the monitor runs now. */
  isDocs(path: string): boolean;
  ledger: Pick<AppliedLedger, 'received' | 'clock' | 'settle' | 'oweCatchUp'>;
  reload(): void;
  canary(token: string): void;
  /** A change of a doc, counted as received: it waits to be batched. */
  change(path: string, exists: boolean): void;
  /** Run what is owed or due now. */
  pump(): void;
  fail(message: string): void;
  /** The backend's connection ended: reconnect. */
  lost(reason: string): void;
}

/** The listener the monitor passes to its backend: each event to the part of the monitor it concerns. */
export function createEventRouter(routes: EventRoutes): WatchListener {
  const { ledger, configFile, canaryPrefix } = routes;
  return (event: WatchEvent): void => {
    if (routes.phase() === 'stopping') return;
    switch (event.type) {
      case 'change':
        if (event.path === configFile) {
          // Counted as received: `monitor wait` now also waits for the reload (and the catch-up it may owe).
          ledger.received();
          routes.reload();
        } else if (event.path.startsWith(canaryPrefix)) {
          if (event.exists) routes.canary(event.path.slice(canaryPrefix.length));
        } else if (routes.isDocs(event.path)) {
          ledger.received();
          routes.change(event.path, event.exists);
        }
        countForCollection(1);
        return;
      case 'clock':
        ledger.clock(event.clock);
        ledger.settle();
        return;
      case 'fresh-instance':
        ledger.clock(event.clock);
        ledger.oweCatchUp();
        routes.pump();
        return;
      case 'error':
        routes.fail(event.error.message);
        return;
      case 'end':
        // During start(), its rejection reports the problem.
        if (routes.phase() !== 'starting') routes.lost(event.reason);
        return;
    }
  };
}
