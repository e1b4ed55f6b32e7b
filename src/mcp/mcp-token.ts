import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HeimdallError, systemErrorCode } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { writeNewFile } from './write-new-file.js';

const tokenShape = /^[A-Za-z0-9_-]{32,}$/;

export function tokenFile(runDir: string): string {
  return path.join(runDir, 'mcp-token');
}

/**
 * The bearer token of `heimdall mcp --http`: `.heimdall/run/mcp-token` (mode 0600), made once and reused, so
 * that a client configured with it keeps working across restarts. Two servers starting at once agree on one
 * (the file appears whole and only once: writeNewFile).
 */
export function readOrCreateToken(runDir: string): string {
  const file = tokenFile(runDir);
  mkdirSync(runDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = readToken(file);
    if (existing !== null) return existing;
    const token = randomBytes(32).toString('base64url');
    try {
      writeNewFile(runDir, (n) => (n === 0 ? path.basename(file) : null), `${token}\n`, 0o600);
      return token;
    } catch (error) {
      if (systemErrorCode(error) !== 'EEXIST') throw new HeimdallError('internal', messages.mcp.tokenUnusable(file, (error as Error).message), { cause: error });
      // another server made it meanwhile: read theirs
    }
  }
  throw new HeimdallError('internal', messages.mcp.tokenUnusable(file, 'it keeps changing'));
}

function readToken(file: string): string | null {
  let stat;
  try {
    stat = lstatSync(file);
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return null;
    throw new HeimdallError('internal', messages.mcp.tokenUnusable(file, (error as Error).message), { cause: error });
  }
  if (!stat.isFile()) throw new HeimdallError('internal', messages.mcp.tokenUnusable(file, 'not a regular file'));
  // A token others can read is no secret: tighten it (it is ours, under .heimdall/run/).
  if ((stat.mode & 0o077) !== 0) chmodSync(file, 0o600);
  const token = readFileSync(file, 'utf8').trim();
  if (!tokenShape.test(token)) throw new HeimdallError('internal', messages.mcp.tokenUnusable(file, 'it holds no token (delete it: a new one is made)'));
  return token;
}
