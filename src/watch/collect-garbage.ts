/**
 * With --expose-gc (one of the monitor's flags, monitor-node-flags.ts): full collections where
 * the monitor has just dropped a lot (a batch applied; every 500 notifications during a burst).
 * Changes wait out the settle time, so they survive young-generation collections and
 * end in the old generation, which V8 would let grow well past its live ~5 MB before
 * collecting (measured: RSS peaks of 56 MB during 100,000 writes, against a 50 MB
 * budget; 49.6 MB with these). A 6 MB heap is collected in a few ms. Without a `gc`
 * (HEIMDALL_MONITOR_NODE_FLAGS chose other flags) these are no-ops.
 */
const gc = (globalThis as { gc?: () => void }).gc;
const eventsPerCollection = 500;
let eventsSinceCollection = 0;
let scheduled = false;

export function collectGarbage(): void {
  eventsSinceCollection = 0;
  gc?.();
}

/** Counts notifications; once enough have passed, collects after the current one is handled. */
export function countForCollection(events: number): void {
  eventsSinceCollection += events;
  if (gc === undefined || scheduled || eventsSinceCollection < eventsPerCollection) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    collectGarbage();
  });
}
