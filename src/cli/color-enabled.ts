/**
 * Whether to write ANSI styles to `stream`, by the conventions Node itself follows: FORCE_COLOR
 * decides when set ('', 1, 2, 3 or true: yes; anything else, such as 0: no), even in a pipe; else
 * NO_COLOR (https://no-color.org) or TERM=dumb turn styles off; else only on a terminal.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  if ((env['NO_COLOR'] ?? '') !== '' || env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}
