// The V8 flags the monitor runs with: `monitor start` passes them, the bin's sh line execs
// `heimdall watch` with them, apply-monitor-flags.ts sets them for `node bin/heimdall.js watch`.
// Chosen by measurement on this machine (bench/monitor-memory.js: 1,000 docs, the real `load`;
// RSS at start / at the end / peak, and the growth between two readings at rest):
//   no flags, 100,000 writes                     52.9 / 83.9 / 83.9 MB (+20.8 MB)
//   --lite-mode --max-semi-space-size=1, same    47.8 / 55.8 / 56.1 MB (+5.3 MB)
//   the flags below, 20,000 + 100,000 writes     47.9 / 49.1-49.7 / 49.6-49.7 MB (+0.03-0.84 MB)
// - --lite-mode: no optimizing compilers, lazier feedback vectors. The monitor is
//   I/O-bound; this keeps ~5 MB of compiler code and data out of RSS.
// - --no-expose-wasm: lite mode turns WebAssembly off anyway and warns about it on every
//   start; saying so explicitly keeps the log clean.
// - --max-semi-space-size=1: the young generation stays at 1 MB per semi-space instead of
//   growing towards 16 MB during a burst of events.
// - --expose-gc: lets the monitor run a full collection after each batch and every 500
//   notifications (collect-garbage.ts), so the old generation stays near its live size.
// Measured and left out: --optimize-for-size, --single-threaded-gc, --v8-pool-size=0,
// --max-old-space-size, --minor-mc, MALLOC_ARENA_MAX=1 (no gain); --jitless (the same as
// --lite-mode); --compact-on-every-full-gc (1 MB lower steady state, but evacuation
// spikes to 52.5 MB).
export const monitorNodeFlags = ['--lite-mode', '--no-expose-wasm', '--max-semi-space-size=1', '--expose-gc'] as const;
