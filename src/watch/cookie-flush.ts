import { unlinkSync, writeFileSync } from 'node:fs';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { absoluteOf } from '../paths/project-path.js';

export interface CookieFlush {
  /** Writes a cookie file into the control directory; resolves once its event came back (rejects at the deadline). */
  flush(timeoutMs: number): Promise<void>;
  /** A file of the control directory changed: the flush whose cookie it is resolves. */
  seen(name: string): void;
}

/**
 * The Node backend's flush: libuv reads every watch from one inotify descriptor in order, so the event of a
 * cookie written now proves that the events before it were delivered.
 */
export function createCookieFlush(root: string, controlDir: string): CookieFlush {
  const cookies = new Map<string, () => void>();
  let cookieSeq = 0;
  return {
    flush: (timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const name = `cookie.${process.pid}.${++cookieSeq}`;
        const file = absoluteOf(root, controlDir === '.' ? name : `${controlDir}/${name}`);
        const done = (error?: Error) => {
          clearTimeout(timer);
          cookies.delete(name);
          try {
            unlinkSync(file);
          } catch {
            // already gone
          }
          if (error) reject(error);
          else resolve();
        };
        const timer = setTimeout(() => done(new HeimdallError('watch-backend', messages.watch.flushTimeout(timeoutMs))), timeoutMs);
        cookies.set(name, () => done());
        try {
          writeFileSync(file, '');
        } catch (error) {
          done(error as Error);
        }
      }),
    seen: (name) => cookies.get(name)?.(),
  };
}
