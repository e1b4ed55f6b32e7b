import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import type { ControlFailure, ControlOp, ControlReply, ControlRequest } from '../contract/control-protocol.js';
import { controlAddress } from './control-address.js';

type OpHandlers = { [Op in ControlOp]: (request: ControlRequest<Op>) => Promise<ControlReply<Op>> };

/** The monitor's answer to each op; `unknown` gets every request whose op is none of them. */
export type ControlHandlers = OpHandlers & { unknown(request: { op?: unknown }): Promise<ControlFailure> };

export interface ControlServer {
  close(): Promise<void>;
}

const ops: ReadonlySet<unknown> = new Set<ControlOp>(['status', 'wait', 'canary', 'modules']);

/** Serves the control socket: one JSON request line in, one JSON reply line out, per connection. */
export async function listenControl(root: string, runDir: string, handlers: ControlHandlers): Promise<ControlServer> {
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
        socket.end(`${JSON.stringify({ ok: false, error: 'not JSON' } satisfies ControlFailure)}\n`);
        return;
      }
      answerRequest(handlers, request).then(
        (reply) => socket.end(`${JSON.stringify(reply)}\n`),
        (error: unknown) => socket.end(`${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) } satisfies ControlFailure)}\n`),
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

// A request is whatever JSON the peer sent (`null` included: async, so that reading its op rejects instead of
// throwing): its op is checked, its other fields are trusted as the protocol says.
async function answerRequest(handlers: ControlHandlers, request: ControlRequest): Promise<ControlReply> {
  return ops.has(request.op) ? answer(handlers, request.op, request) : handlers.unknown(request);
}

async function answer<Op extends ControlOp>(handlers: OpHandlers, op: Op, request: ControlRequest<Op>): Promise<ControlReply<Op>> {
  return handlers[op](request);
}
