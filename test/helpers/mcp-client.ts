// A real MCP client (the SDK's) on a real `node bin/heimdall.js mcp`, over stdio or Streamable HTTP.
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { heimdallBin } from './project.js';
import { isAlive } from './process-tree.js';

/**
 * `heimdall mcp --project-root ROOT` over stdio, with the SDK's client connected. Returns { client, pid,
 * stderr(), call(name, args), close() }; closed (and its process SIGKILLed if still there) in teardown.
 */
export async function connectStdio(t, root, { env = {}, args = [] } = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [heimdallBin, 'mcp', '--project-root', root, ...args],
    env: { ...process.env, HEIMDALL_HOOKS_SYNC: '', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk) => (stderr += chunk));
  const client = new Client({ name: 'heimdall-test', version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid;
  const close = async () => {
    await client.close();
    if (pid !== null && isAlive(pid)) process.kill(pid, 'SIGKILL');
  };
  t.teardown(close);
  return { client, pid, stderr: () => stderr, call: (name, args = {}) => client.callTool({ name, arguments: args }), close };
}

/**
 * `heimdall mcp --http --port 0 ...` as a child; resolves once it prints its URL on stderr. Returns
 * { url, pid, stderr(), connect(headers) -> client, stop() }; stopped (SIGTERM, then SIGKILL) in teardown.
 */
export async function startHttp(t, root, { env = {}, args = [] } = {}) {
  const child = spawn(process.execPath, [heimdallBin, 'mcp', '--http', '--port', '0', '--project-root', root, ...args], {
    env: { ...process.env, HEIMDALL_HOOKS_SYNC: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 20 s: ${stderr}`)), 20_000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+\/mcp)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`heimdall mcp --http exited (${code}) before listening: ${stderr}`));
    });
  });
  const clients = [];
  const stop = async () => {
    for (const client of clients) await client.close().catch(() => {});
    if (isAlive(child.pid)) child.kill('SIGTERM');
    const timer = setTimeout(() => isAlive(child.pid) && child.kill('SIGKILL'), 5000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };
  t.teardown(stop);
  return {
    url,
    pid: child.pid,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
    async connect(headers = {}) {
      const client = new Client({ name: 'heimdall-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
      clients.push(client);
      return client;
    },
    stop,
  };
}

/** The text of a tool answer's first content block. */
export const textOf = (result) => result.content?.[0]?.text ?? '';
