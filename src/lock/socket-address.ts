import path from 'node:path';

/**
 * Where a per-project socket named `name` listens. On Linux: the abstract namespace (no
 * file, freed by the kernel with its holder); elsewhere a socket file in the run folder.
 */
export function socketAddress(root: string, name: string, runDir: string): string {
  if (process.platform === 'linux') return `\0heimdall-${fnv1a64(root)}-${name}`;
  return path.join(runDir, `${name}.sock`);
}

/**
 * FNV-1a, 64 bits, as hex: names a socket after the root without loading node:crypto
 * (~0.9 MB resident, measured) into the monitor for one hash.
 */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
