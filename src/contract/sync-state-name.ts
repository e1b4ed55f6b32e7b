/**
 * The Watchman state a `heimdall sync` asserts on the watch root while it applies changes;
 * the monitor's subscription defers on it, so that what the sync applied reaches the monitor
 * afterwards (as `unchanged` no-ops) instead of racing it.
 */
export const syncStateName = 'heimdall.sync';
