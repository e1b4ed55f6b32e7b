/**
 * The Watchman state a `heimdall sync` asserts on the watch root while it applies changes;
 * the monitor's subscription defers on it, so that what the sync applied reaches the monitor
 * afterwards (as `unchanged` no-ops) instead of racing it.
 */
export function syncStateName(relativePath: string | undefined): string {
  // Qualified like the monitor's own state: two projects of one repository share a watch root,
  // and one's sync must neither hold back nor be refused by the other's.
  return relativePath === undefined || relativePath === '' ? 'heimdall.sync' : `heimdall.sync:${relativePath.split('\\').join('/')}`;
}
