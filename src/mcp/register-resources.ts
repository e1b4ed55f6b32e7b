import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { docUri, type McpContext } from './mcp-context.js';
import { readDocPart } from './read-doc-part.js';

const prefix = 'heimdall://doc/';

/** Every indexed doc as a resource, `heimdall://doc/<path>`: listed from the store (fresh), read from the disk. */
export function registerResources(server: McpServer, context: McpContext): void {
  const template = new ResourceTemplate(`${prefix}{+path}`, {
    list: async () => {
      await context.freshness.ensure();
      const rows = (await context.reader.read((store) => store.docs())) ?? [];
      return {
        resources: rows.map((row) => ({
          uri: docUri(row.path),
          name: row.path,
          ...(row.title === null ? {} : { title: row.title }),
          mimeType: 'text/markdown',
          size: row.size,
        })),
      };
    },
  });
  server.registerResource('doc', template, { title: 'Project docs', description: 'A markdown doc of the project, as on disk', mimeType: 'text/markdown' }, async (uri) => {
    const part = readDocPart(context.config(), { path: pathOfUri(uri.href) });
    return { contents: [{ uri: docUri(part.path), mimeType: 'text/markdown', text: part.text === '' ? '' : `${part.text}\n` }] };
  });
}

function pathOfUri(uri: string): string {
  if (!uri.startsWith(prefix)) throw new HeimdallError('usage', messages.mcp.notADocUri(uri));
  try {
    return uri.slice(prefix.length).split('/').map(decodeURIComponent).join('/');
  } catch {
    throw new HeimdallError('usage', messages.mcp.notADocUri(uri));
  }
}
