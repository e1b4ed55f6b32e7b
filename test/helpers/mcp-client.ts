// A real MCP client (the SDK's) on a real `node bin/heimdall.js mcp`, over stdio or Streamable HTTP.
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ExecutionContext } from 'ava';
import type { z } from 'zod';
import type { getInput, getOutput, listInput, listOutput, rememberInput, rememberOutput, searchInput, searchOutput, statusInput, statusOutput } from '../../dist/mcp/tool-schemas.js';
import { heimdallBin } from './project.js';
import { isAlive } from './process-tree.js';

/** heimdall's tools, by name: what each takes, and the structuredContent of its answer (from the server's own schemas). */
interface Tools {
  search: { input: z.input<typeof searchInput>; output: z.infer<typeof searchOutput> };
  get: { input: z.input<typeof getInput>; output: z.infer<typeof getOutput> };
  list: { input: z.input<typeof listInput>; output: z.infer<typeof listOutput> };
  status: { input: z.input<typeof statusInput>; output: z.infer<typeof statusOutput> };
  remember: { input: z.input<typeof rememberInput>; output: z.infer<typeof rememberOutput> };
}

/**
 * A tool's answer. structuredContent is typed as the tool's output: the tests read it on answers they expect to
 * succeed (an error answer has none, and reading it fails the test as it would have anyway).
 */
export type ToolAnswer<Name extends keyof Tools> = CallToolResult & { structuredContent: Tools[Name]['output'] };

export interface McpServerOptions {
  env?: Record<string, string | undefined>;
  args?: string[];
}

/**
 * `heimdall mcp --project-root ROOT` over stdio, with the SDK's client connected. Returns { client, pid,
 * stderr(), call(name, args), close() }; closed (and its process SIGKILLed if still there) in teardown.
 */
export async function connectStdio(t: ExecutionContext, root: string, { env = {}, args = [] }: McpServerOptions = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [heimdallBin, 'mcp', '--project-root', root, ...args],
    // The SDK types its env as strings only; an undefined value is passed on as spawn takes it (left out).
    env: { ...process.env, HEIMDALL_HOOKS_SYNC: '', ...env } as Record<string, string>,
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
  const call = <Name extends keyof Tools>(name: Name, args: Tools[Name]['input'] = {}) => client.callTool({ name, arguments: args }) as Promise<ToolAnswer<Name>>;
  /** Any tool name and arguments, unchecked: for the tests of what the server refuses. */
  const callUnchecked = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
  return { client, pid, stderr: () => stderr, call, callUnchecked, close };
}

/**
 * `heimdall mcp --http --port 0 ...` as a child; resolves once it prints its URL on stderr. Returns
 * { url, pid, stderr(), connect(headers) -> client, stop() }; stopped (SIGTERM, then SIGKILL) in teardown.
 */
export async function startHttp(t: ExecutionContext, root: string, { env = {}, args = [] }: McpServerOptions = {}) {
  const child = spawn(process.execPath, [heimdallBin, 'mcp', '--http', '--port', '0', '--project-root', root, ...args], {
    env: { ...process.env, HEIMDALL_HOOKS_SYNC: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const clients: Client[] = [];
  const stop = async () => {
    for (const client of clients) await client.close().catch(() => {});
    if (isAlive(child.pid!)) child.kill('SIGTERM');
    const timer = setTimeout(() => isAlive(child.pid!) && child.kill('SIGKILL'), 5000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };
  // Registered before the URL is awaited: a server that never prints it is still stopped, not left behind.
  t.teardown(stop);
  const url = await new Promise<string>((resolve, reject) => {
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
  return {
    url,
    pid: child.pid,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
    async connect(headers: Record<string, string> = {}) {
      const client = new Client({ name: 'heimdall-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
      clients.push(client);
      return client;
    },
    stop,
  };
}

/** The text of a tool answer's first content block. */
export const textOf = (result: Awaited<ReturnType<Client['callTool']>>): string => {
  // The SDK's union holds a legacy shape without `content`; heimdall answers with content.
  const first = (result.content as CallToolResult['content'] | undefined)?.[0];
  return (first?.type === 'text' ? first.text : undefined) ?? '';
};
