// `heimdall mcp --http`: Streamable HTTP with a bearer token (made once, mode 0600, reused), refused without
// it (401), and refused for a Host or Origin that is not the server's own (DNS rebinding: 403).
import test from 'ava';
import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { heimdall, makeProject } from './helpers/project.js';
import { startHttp, textOf } from './helpers/mcp-client.js';

const config = 'mcp:\n  start_monitor: false\n  freshness_ms: 30000\n';
const docs = { 'ops.md': '# Operations\n\n## Watchman clocks\n\nThe monitor saves the clock.\n' };
const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });

/** One raw request (node:http, so that Host can be anything); resolves to { status, headers, body }. */
function rawRequest(url: string, { method = 'POST', headers = {}, body = initialize }: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const target = new URL(url);
  return new Promise<{ status: number | undefined; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const request = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: text }));
      },
    );
    request.on('error', reject);
    request.end(method === 'POST' ? body : undefined);
  });
}

test('the token: required (401 without it or with a wrong one), in .heimdall/run/mcp-token (0600), reused by the next server', async (t) => {
  const project = makeProject(t, { docs, config });
  const server = await startHttp(t, project.root);
  t.regex(server.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  const file = path.join(project.root, '.heimdall', 'run', 'mcp-token');
  t.regex(server.stderr(), new RegExp(`token is in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  t.is(statSync(file).mode & 0o777, 0o600);
  const token = readFileSync(file, 'utf8').trim();
  t.true(token.length >= 32);

  const none = await rawRequest(server.url);
  t.is(none.status, 401);
  t.regex(none.headers['www-authenticate']!, /^Bearer/);
  t.regex(JSON.parse(none.body).error.message, /a bearer token is required/);
  t.is((await rawRequest(server.url, { headers: { authorization: `Bearer ${token}x` } })).status, 401);
  t.is((await rawRequest(server.url, { headers: { authorization: token } })).status, 401);
  await t.throwsAsync(server.connect());

  const client = await server.connect({ Authorization: `Bearer ${token}` });
  const found = await client.callTool({ name: 'search', arguments: { query: 'clock' } });
  t.like(found.structuredContent, { hits: [{ path: '.heimdall/docs/ops.md' }], freshness: { fresh: true, via: 'sync' } });
  const bad = await client.callTool({ name: 'get', arguments: { path: '../../etc/passwd' } });
  t.true(bad.isError);
  t.regex(textOf(bad), /is not a doc of this project \(outside the project root/);
  t.is(server.stdout(), '');

  const raw = await rawRequest(server.url, { headers: { authorization: `Bearer ${token}` } });
  t.is(raw.status, 200);
  t.like(JSON.parse(raw.body), { result: { serverInfo: { name: 'heimdall' } } });
  t.is((await rawRequest(server.url, { method: 'GET', headers: { authorization: `Bearer ${token}` } })).status, 405);
  t.is((await rawRequest(server.url.replace(/\/mcp$/, '/other'), { headers: { authorization: `Bearer ${token}` } })).status, 404);

  const { code } = await server.stop();
  t.is(code, 0);
  const second = await startHttp(t, project.root);
  t.is(readFileSync(file, 'utf8').trim(), token);
  const again = await second.connect({ Authorization: `Bearer ${token}` });
  t.falsy((await again.callTool({ name: 'status', arguments: {} })).isError);
});

test('DNS rebinding: a foreign Host or Origin is refused (403), even with the token; the server\'s own names are not', async (t) => {
  const project = makeProject(t, { docs, config });
  const server = await startHttp(t, project.root);
  const token = readFileSync(path.join(project.root, '.heimdall', 'run', 'mcp-token'), 'utf8').trim();
  const port = new URL(server.url).port;
  const auth = { authorization: `Bearer ${token}` };
  const host = await rawRequest(server.url, { headers: { ...auth, host: `evil.example:${port}` } });
  t.is(host.status, 403);
  t.regex(JSON.parse(host.body).error.message, /Host "evil\.example:\d+" is not allowed/);
  const origin = await rawRequest(server.url, { headers: { ...auth, origin: 'http://evil.example' } });
  t.is(origin.status, 403);
  t.regex(JSON.parse(origin.body).error.message, /Origin "http:\/\/evil\.example" is not allowed/);
  t.is((await rawRequest(server.url, { headers: { ...auth, origin: 'null' } })).status, 403);
  for (const name of [`localhost:${port}`, `127.0.0.1:${port}`]) {
    t.is((await rawRequest(server.url, { headers: { ...auth, host: name, origin: `http://${name}` } })).status, 200, name);
  }
});

test('--no-auth: no token on a loopback host; refused (exit 2) on any other', async (t) => {
  const project = makeProject(t, { docs, config });
  const server = await startHttp(t, project.root, { args: ['--no-auth'] });
  t.regex(server.stderr(), /no authentication: --no-auth/);
  const client = await server.connect();
  t.like((await client.callTool({ name: 'list', arguments: {} })).structuredContent, { total: 1 });
  t.is((await rawRequest(server.url, { headers: { host: 'evil.example' } })).status, 403);

  const refused = await heimdall(['mcp', '--http', '--no-auth', '--host', '0.0.0.0', '--port', '0'], { cwd: project.root });
  t.is(refused.exitCode, 2);
  t.regex(refused.stderr, /--no-auth is only allowed on a loopback host .* not "0\.0\.0\.0"/);
  const badPort = await heimdall(['mcp', '--http', '--port', '70000'], { cwd: project.root });
  t.is(badPort.exitCode, 2);
  t.regex(badPort.stderr, /--port must be a port number/);
});
