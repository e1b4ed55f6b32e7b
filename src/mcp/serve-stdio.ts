import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer } from './create-mcp-server.js';
import type { McpContext } from './mcp-context.js';

/** `heimdall mcp` over stdio: one server for the process; stdout carries only the protocol. */
export async function serveStdio(context: McpContext, stopped: Promise<void>): Promise<void> {
  const server = createMcpServer(context);
  await server.connect(new StdioServerTransport());
  await stopped;
  await server.close();
  // A paused stdin (a signal ended the server, not the client) would keep the process alive.
  process.stdin.destroy();
}
