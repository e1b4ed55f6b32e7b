import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { askSocket } from '../lock/ask-socket.js';
import { socketAddress } from '../lock/socket-address.js';

// Request/response with the running monitor (status, wait, health canaries): one
// JSON line each way per connection. On Linux the socket is abstract (no file to go
// stale: the kernel drops it with the process); elsewhere it lives in .heimdall/run/.

export type ControlRequest =
  | { op: 'status' }
  | { op: 'wait'; timeoutMs: number }
  | { op: 'canary'; token: string; timeoutMs: number }
  // Only under HEIMDALL_DEBUG_MODULES=1 (tests): what the monitor has loaded.
  | { op: 'modules' };

export type ControlReply = { ok: boolean; error?: string; [key: string]: unknown };

export type ControlHandler = (request: ControlRequest) => Promise<ControlReply>;

export function controlAddress(root: string, runDir: string): string {
  return socketAddress(root, 'monitor-control', runDir);
}

export interface ControlServer {
  close(): Promise<void>;
}

export async function listenControl(root: string, runDir: string, handler: ControlHandler): Promise<ControlServer> {
  const address = controlAddress(root, runDir);
  if (!address.startsWith('\0')) {
    // Only the lock holder gets here, so a leftover file is stale.
    mkdirSync(runDir, { recursive: true });
    rmSync(address, { force: true });
  }
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('utf8');
    let data = '';
    let handled = false;
    socket.on('data', (chunk: string) => {
      if (handled) return;
      data += chunk;
      if (data.length > 64 * 1024) socket.destroy();
      const end = data.indexOf('\n');
      if (end < 0) return;
      handled = true;
      let request: ControlRequest;
      try {
        request = JSON.parse(data.slice(0, end)) as ControlRequest;
      } catch {
        socket.end(`${JSON.stringify({ ok: false, error: 'not JSON' })}\n`);
        return;
      }
      handler(request).then(
        (reply) => socket.end(`${JSON.stringify(reply)}\n`),
        (error: unknown) => socket.end(`${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends one request; null when no monitor listens (or it did not answer in time). */
export async function requestControl(root: string, runDir: string, request: ControlRequest, timeoutMs: number): Promise<ControlReply | null> {
  return (await askSocket(controlAddress(root, runDir), request, timeoutMs)) as ControlReply | null;
}
