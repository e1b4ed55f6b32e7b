import net from 'node:net';

/**
 * One exchange with a per-project socket: connect, send `request` (if any) as a JSON line,
 * read until the peer ends, parse its JSON reply. Null when nobody listens, the reply is not
 * JSON, or no reply came within `timeoutMs`: callers treat all three as "no answer".
 */
export function askSocket(address: string, request: unknown, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve) => {
    const socket = net.connect(address);
    let data = '';
    const timer = setTimeout(() => finish(null), timeoutMs);
    function finish(value: unknown): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    }
    socket.setEncoding('utf8');
    if (request !== undefined) socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('end', () => {
      try {
        finish(JSON.parse(data));
      } catch {
        finish(null);
      }
    });
    socket.on('error', () => finish(null));
  });
}
