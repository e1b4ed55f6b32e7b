import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpContext } from './mcp-context.js';
import { registerResources } from './register-resources.js';
import { registerTools } from './register-tools.js';

const instructions = `heimdall serves this project's documentation (markdown docs committed with the code) as searchable memory.
Use \`search\` to find what the docs say, \`get\` to read a doc or one of its sections, \`list\` to see the docs,
\`status\` to see how the memory stands, and \`remember\` to record a note, a decision or a lesson as a new doc.
Every answer reflects the docs on disk at the moment of the call (its \`freshness\` says so).`;

/** One MCP server over the shared context: a process has one under stdio, one per request over HTTP. */
export function createMcpServer(context: McpContext): McpServer {
  const server = new McpServer({ name: 'heimdall', version: context.version }, { capabilities: { tools: {}, resources: {} }, instructions });
  registerTools(server, context);
  registerResources(server, context);
  return server;
}
