import type { CommandModule } from 'yargs';
import { commandContext, type GlobalArgs } from '../context.js';
import { nonEmpty, portOption } from '../option-values.js';
import { packageVersion } from '../package-version.js';

type McpArgs = GlobalArgs & { http?: boolean; host: string; port: number; auth: boolean };

export const defaultMcpPort = 7333;

export const mcpCommand: CommandModule<object, McpArgs> = {
  command: 'mcp',
  describe: 'Serve the memory to coding assistants over the Model Context Protocol (stdio; --http for Streamable HTTP)',
  builder: (y) =>
    y
      .option('http', { type: 'boolean', describe: 'Serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio (bearer token in .heimdall/run/mcp-token)' })
      .option('host', { type: 'string', default: '127.0.0.1', requiresArg: true, coerce: nonEmpty('--host'), describe: 'With --http: the address to listen on' })
      .option('port', portOption('port', defaultMcpPort, 'With --http: the port (0: any free one; the URL is printed on stderr)'))
      .option('auth', { type: 'boolean', default: true, describe: 'With --http: require the bearer token (--no-auth: none, only on a loopback host)' })
      .example('$0 mcp', 'For an assistant that starts it: claude mcp add heimdall -- npx heimdall mcp')
      .example('$0 mcp --http --port 7333', 'One server for several clients, on 127.0.0.1:7333/mcp') as never,
  handler: async (args) => {
    const { config } = commandContext(args);
    // The SDK (and zod) are loaded by this command alone: every other command starts without them.
    const { serveMcp } = await import('../../mcp/serve-mcp.js');
    await serveMcp({ config, version: packageVersion(), http: args.http === true ? { host: args.host, port: args.port, auth: args.auth } : null });
  },
};
