import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { messages } from '../errors/messages.js';

export interface Refusal {
  status: 401 | 403;
  message: string;
  headers: Record<string, string>;
}

const loopbackNames = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** `::1` -> `[::1]`: as URL.hostname spells a Host header's name. */
export function urlHostname(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host.toLowerCase();
}

function hostnameOf(value: string): string | null {
  try {
    return new URL(`http://${value}`).hostname;
  } catch {
    return null;
  }
}

/**
 * What `heimdall mcp --http` checks before the SDK sees a request. Against DNS rebinding (a web page whose
 * name is made to point at 127.0.0.1): the Host header must name the address listened on (any loopback name
 * for a loopback one), and an Origin, when a browser sends one, must name it too. Then the bearer token.
 * Listening on every interface (0.0.0.0, ::) the Host cannot be known: the token, required there, protects.
 */
export function createHttpGuard(options: { host: string; token: string | null }): (request: IncomingMessage) => Refusal | null {
  const wildcard = options.host === '0.0.0.0' || options.host === '::' || options.host === '[::]';
  const allowed = new Set([urlHostname(options.host), ...(isLoopback(options.host) ? loopbackNames : [])]);
  const expected = options.token === null ? null : Buffer.from(options.token);
  const forbidden = (message: string): Refusal => ({ status: 403, message, headers: {} });
  return (request) => {
    const host = request.headers.host ?? '';
    const hostname = hostnameOf(host);
    if (hostname === null || (!wildcard && !allowed.has(hostname))) return forbidden(messages.mcp.forbiddenHost(host));
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== '') {
      let originHost: string | null;
      try {
        originHost = new URL(origin).hostname;
      } catch {
        originHost = null;
      }
      if (originHost === null || !(wildcard ? originHost === hostname : allowed.has(originHost))) return forbidden(messages.mcp.forbiddenOrigin(origin));
    }
    if (expected === null) return null;
    const given = Buffer.from(/^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '');
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    return ok ? null : { status: 401, message: messages.mcp.unauthorized, headers: { 'WWW-Authenticate': 'Bearer realm="heimdall"' } };
  };
}
