import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { systemErrorCode } from '../errors/heimdall-error.js';
import { askSocket } from './ask-socket.js';
import { socketAddress } from './socket-address.js';

export interface LockOwner {
  pid: number;
  startedAt: string;
  root: string;
  name: string;
  /** Whatever the holder chose to publish (the monitor: its status). */
  info?: unknown;
}

export interface LockHandle {
  readonly owner: LockOwner;
  /** Replies to `query()` callers get this; the monitor publishes its live status through it. */
  setInfo(provider: () => unknown): void;
  release(): Promise<void>;
}

export type AcquireResult = { acquired: true; lock: LockHandle } | { acquired: false; holder: LockOwner | null };

/**
 * A per-project, per-name lock held by a listening Unix socket. On Linux the socket
 * lives in the abstract namespace: the kernel frees the name when the holder dies,
 * SIGKILL included, so there is no stale file to judge, no pid to trust, and no
 * unlink/relock race (the seed's lockfile had all three). Elsewhere a socket file
 * under .heimdall/run/ stands in. A JSON file beside it records the holder for
 * people; it is informational and never decides anything.
 */
export async function acquireLock(root: string, name: string, runDir: string): Promise<AcquireResult> {
  const address = lockAddress(root, name, runDir);
  const owner: LockOwner = { pid: process.pid, startedAt: new Date().toISOString(), root, name };
  let provider: () => unknown = () => undefined;
  const server = net.createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.end(`${JSON.stringify({ ...owner, info: provider() })}\n`);
  });
  const listened = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    server.once('error', (error) => resolve(error));
    server.listen(address, () => resolve(null));
  });
  if (listened !== null) {
    if (systemErrorCode(listened) !== 'EADDRINUSE') throw listened;
    return { acquired: false, holder: await queryLock(root, name, runDir) };
  }
  // The lock must not keep a short-lived command alive; the monitor has other handles.
  server.unref();
  const infoFile = path.join(runDir, `${name}.lock`);
  writeInfoFile(infoFile, owner);
  let released = false;
  return {
    acquired: true,
    lock: {
      owner,
      setInfo: (next) => {
        provider = next;
      },
      release: async () => {
        if (released) return;
        released = true;
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    },
  };
}

/** Asks the holder who it is (and its published info); null when nobody holds the lock. */
export async function queryLock(root: string, name: string, runDir: string, timeoutMs = 2000): Promise<LockOwner | null> {
  return (await askSocket(lockAddress(root, name, runDir), undefined, timeoutMs)) as LockOwner | null;
}

function lockAddress(root: string, name: string, runDir: string): string {
  if (process.platform !== 'linux') mkdirSync(runDir, { recursive: true });
  return socketAddress(root, name, runDir);
}

function writeInfoFile(file: string, owner: LockOwner): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(owner)}\n`);
    renameSync(tmp, file);
  } catch {
    // Informational only: a read-only .heimdall must not stop the lock from working.
  }
}
