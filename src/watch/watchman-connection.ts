import { createRequire } from 'node:module';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';

// fb-watchman is CommonJS. Loading it through require() instead of an ESM import skips
// the ESM-to-CJS translation (its export lexer), which costs ~4.5 MB of resident memory
// here (measured: 48.9 MB vs 44.5 MB for a process that only loads it).
const require = createRequire(import.meta.url);

interface FbClient {
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'end', listener: () => void): void;
  on(event: 'subscription', listener: (pdu: Record<string, unknown>) => void): void;
  command(args: unknown[], done: (error: Error | null, response: Record<string, unknown>) => void): void;
  end(): void;
}

export interface WatchmanConnection {
  /** Rejects (a HeimdallError `watch-backend`) on a Watchman error, a closed connection, or no answer within `timeoutMs`. */
  command<T = Record<string, unknown>>(args: unknown[], timeoutMs?: number): Promise<T>;
  /** Unilateral subscription PDUs (changes, state-enter/leave, canceled). */
  onSubscription(listener: (pdu: Record<string, unknown>) => void): void;
  /** Called once, when the connection is lost or unusable (never after close()). */
  onClose(listener: (reason: string) => void): void;
  close(): void;
}

const defaultTimeoutMs = 10_000;

const failure = (message: string, cause?: unknown) => new HeimdallError('watch-backend', message, { cause });

/**
 * The server's socket, once a connection learnt it. Without WATCHMAN_SOCK, fb-watchman spawns
 * `watchman get-sockname` for every new connection, and against a stopped (SIGSTOP) server that
 * CLI hangs like the server does, past the command's deadline (and past the monitor, as an
 * orphan). Reconnects reuse the socket instead: nothing is spawned while the server is frozen.
 */
let knownSockname: string | null = null;

export function rememberSockname(sockname: unknown): void {
  if (typeof sockname === 'string' && sockname !== '') knownSockname = sockname;
}

export function socknameKnown(): boolean {
  return knownSockname !== null || process.env['WATCHMAN_SOCK'] !== undefined;
}

/**
 * One fb-watchman client with promises and deadlines. fb-watchman never runs a
 * command's callback when the binary is missing or the socket cannot be reached:
 * only an `error` event fires. So `error` is registered before the first command,
 * and every command races its callback against that event and a timer.
 */
export function connectWatchman(binaryPath?: string): WatchmanConnection {
  const { Client } = require('fb-watchman') as { Client: new (options?: { watchmanBinaryPath?: string }) => FbClient };
  const client = new Client(binaryPath === undefined ? undefined : { watchmanBinaryPath: binaryPath });
  let closed: string | null = null;
  let closedBy: Error | undefined;
  let closeListener: (reason: string) => void = () => {};
  const waiting = new Set<(reason: string) => void>();

  const fail = (reason: string, cause?: Error): void => {
    if (closed !== null) return;
    closed = reason;
    closedBy = cause;
    for (const reject of waiting) reject(reason);
    waiting.clear();
    closeListener(reason);
  };
  client.on('error', (error) => fail(messages.watchman.failed(error.message), error));
  client.on('end', () => fail(messages.watchman.closed));

  return {
    command: <T>(args: unknown[], timeoutMs = defaultTimeoutMs) =>
      new Promise<T>((resolve, reject) => {
        if (closed !== null) {
          reject(failure(closed, closedBy));
          return;
        }
        const onClosed = (reason: string) => finish(failure(reason, closedBy));
        const timer = setTimeout(() => finish(failure(messages.watchman.noAnswer(String(args[0]), timeoutMs))), timeoutMs);
        let settled = false;
        function finish(error: Error | null, response?: Record<string, unknown>): void {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          waiting.delete(onClosed);
          if (error !== null) reject(error);
          else resolve(response as T);
        }
        waiting.add(onClosed);
        const send = () =>
          client.command(args, (error, response) => {
            finish(error === null ? null : failure(error.message, error), response);
          });
        if (knownSockname === null || process.env['WATCHMAN_SOCK'] !== undefined) return send();
        // fb-watchman reads WATCHMAN_SOCK when a command opens the connection, synchronously, here.
        process.env['WATCHMAN_SOCK'] = knownSockname;
        try {
          send();
        } finally {
          delete process.env['WATCHMAN_SOCK'];
        }
      }),
    onSubscription: (listener) => client.on('subscription', listener),
    onClose: (listener) => {
      closeListener = listener;
    },
    close: () => {
      if (closed === null) closed = messages.watchman.closedByUs;
      waiting.clear();
      client.end();
    },
  };
}
