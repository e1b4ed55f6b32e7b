import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { runtimePaths } from '../config/runtime-paths.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { createMcpServer } from './create-mcp-server.js';
import { createHttpGuard, isLoopback, urlHostname } from './http-guard.js';
import type { McpContext } from './mcp-context.js';
import { readOrCreateToken, tokenFile } from './mcp-token.js';

export interface HttpOptions {
  host: string;
  /** 0: any free port (the URL on stderr says which). */
  port: number;
  /** false (`--no-auth`): no bearer token, only on a loopback host. */
  auth: boolean;
}

/**
 * `heimdall mcp --http`: Streamable HTTP on node:http at /mcp, stateless (a server and a transport per
 * request, over the one shared context), with JSON answers rather than SSE streams: the tools answer
 * once, and nothing is held per client between requests.
 */
export async function serveHttp(context: McpContext, options: HttpOptions, stopped: Promise<void>): Promise<void> {
  if (!options.auth && !isLoopback(options.host)) throw new HeimdallError('usage', messages.mcp.noAuthNeedsLoopback(options.host));
  const runDir = runtimePaths(context.root).runDir;
  const token = options.auth ? readOrCreateToken(runDir) : null;
  const guard = createHttpGuard({ host: options.host, token });

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const refusal = guard(request);
    if (refusal !== null) return refuse(response, refusal.status, refusal.message, refusal.headers);
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/mcp') return refuse(response, 404, 'not found: the MCP endpoint is /mcp');
    // Stateless: no session to stream notifications on (GET) or to end (DELETE).
    if (request.method !== 'POST') return refuse(response, 405, 'method not allowed: POST JSON-RPC to /mcp', { Allow: 'POST' });
    const server = createMcpServer(context);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(request, response);
    } catch (error) {
      context.log(`a request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) refuse(response, 500, 'internal error');
    }
  };
  const http = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error) => reject(new HeimdallError('internal', messages.mcp.listenFailed(`${options.host}:${options.port}`, error.message), { cause: error })));
    http.listen(options.port, options.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  process.stderr.write(`${messages.mcp.listening(`http://${urlHostname(options.host)}:${port}/mcp`, token === null ? null : tokenFile(runDir))}\n`);
  await stopped;
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
}

function refuse(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}
