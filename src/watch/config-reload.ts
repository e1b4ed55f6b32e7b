import type { HeimdallConfig } from '../config/config-types.js';
import type { ConfigState } from '../contract/monitor-status.js';
import { messages } from '../errors/messages.js';
import { docsScopeKey } from '../paths/docs-matcher.js';

export type ReloadCause = 'SIGHUP' | 'changed';

export interface ConfigReload {
  readonly state: ConfigState;
  /** Asks for a reload; a burst of requests (an editor's several writes) makes one, a request during a reload one more after it. */
  request(cause: ReloadCause): void;
  /** Requested, settling or running. */
  owed(): boolean;
  stop(): void;
}

export interface ConfigReloadOptions {
  file: string;
  /** Reads and validates the config (the monitor: `heimdall config --json` in a subprocess). Throws on an invalid config. */
  read(): Promise<HeimdallConfig>;
  /** Applies a valid config (resubscribes, owes a catch-up when the docs scope changed). */
  apply(config: HeimdallConfig): Promise<void>;
  /** Quiet time after a change of the file before it is read (a SIGHUP is read at once). */
  settleMs(): number;
  log(line: string): void;
  /** The reload failed; the monitor shows it as its last error too. */
  failed(message: string): void;
  /** Nothing is owed any more (applied or failed): the monitor may release its waiters. */
  settled(): void;
}

/**
 * Reloads of the monitor's config, whatever asked (SIGHUP, or a change of the config
 * file seen by the backend): one at a time, coalesced, settled like a batch. A config
 * that does not parse keeps the previous one running and is reported until a later
 * reload applies.
 */
export function createConfigReload(options: ConfigReloadOptions): ConfigReload {
  const now = () => new Date().toISOString();
  const state: ConfigState = { file: options.file, appliedAt: now(), reloading: false, error: null };
  let wanted = false;
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const schedule = (delayMs: number): void => {
    if (timer !== null) timer.refresh();
    else timer = setTimeout(() => void run(), delayMs);
  };

  const run = async (): Promise<void> => {
    timer = null;
    if (stopped || running) return;
    wanted = false;
    running = true;
    try {
      const next = await options.read();
      if (stopped) return;
      await options.apply(next);
      state.appliedAt = now();
      state.error = null;
    } catch (error) {
      const message = messages.watch.configRefused(state.file, (error as Error).message);
      state.error = { at: now(), message };
      options.log(`config: ${message}`);
      options.failed(message);
    } finally {
      running = false;
    }
    if (stopped) return;
    // The file changed again while it was being read or applied: once more, with what it holds now.
    if (wanted) schedule(0);
    else {
      state.reloading = false;
      options.settled();
    }
  };

  return {
    state,
    request: (cause) => {
      if (stopped) return;
      wanted = true;
      state.reloading = true;
      if (cause === 'SIGHUP') options.log('SIGHUP: reloading the config');
      if (!running) schedule(cause === 'SIGHUP' ? 0 : options.settleMs());
    },
    owed: () => wanted || running || timer !== null,
    stop: () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

/** What a reload changes beyond settle times and log limits (which simply take effect). */
export function configDelta(previous: HeimdallConfig, next: HeimdallConfig): { scopeChanged: boolean; executorChanged: boolean } {
  return {
    scopeChanged: docsScopeKey(next.monitoring) !== docsScopeKey(previous.monitoring),
    executorChanged: JSON.stringify(next.executor) !== JSON.stringify(previous.executor),
  };
}
