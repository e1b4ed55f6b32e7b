/**
 * A database URL fit for a message or a log: without its password, in the userinfo
 * (`postgresql://user:secret@host/db`, or `user:secret@host` typed without a scheme), in the query
 * (`?password=secret`) or as a libpq keyword (`host=h password=secret`). Written on the string, not through
 * `new URL`, so that the rest reads back exactly as the user wrote it (no re-encoding) and a URL that does not
 * parse loses its password all the same.
 */
export function redactUrl(url: string): string {
  const start = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0].length ?? 0;
  const rest = url.slice(start);
  const authorityEnd = rest.search(/[/?#\s]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  // The userinfo ends at the last `@` of the authority (a password may hold an unencoded `@`).
  const at = authority.lastIndexOf('@');
  let out = url;
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    out = `${url.slice(0, start)}${user}${authority.slice(at)}${authorityEnd === -1 ? '' : rest.slice(authorityEnd)}`;
  }
  return out
    .replace(/([?&])password=[^&#]*&?/gi, (_match, lead: string) => lead)
    .replace(/[?&]$/, '')
    .replace(/(^|\s)password\s*=\s*(?:'(?:[^'\\]|\\.)*'|\S*)\s*/gi, '$1')
    .trim();
}
