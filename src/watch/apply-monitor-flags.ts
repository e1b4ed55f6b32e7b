import v8 from 'node:v8';
import vm from 'node:vm';
import { monitorNodeFlags } from './monitor-node-flags.js';

/**
 * A foreground `heimdall watch` is started by a plain `node` (the bin's shebang), without
 * the flags `monitor start` passes, and would sit at ~54 MB instead of ~48. Node 20 cannot
 * re-exec itself, so the flags are set here, before any of the monitor's code is loaded:
 * V8 reads --lite-mode and the semi-space size when it compiles and grows the heap, which
 * has barely begun (measured: 53.3 MB without, 49.4 MB with). --expose-gc does not define
 * `gc` after start-up, so it is taken from a fresh context, where V8 installs it.
 * HEIMDALL_MONITOR_NODE_FLAGS (the benches) means the flags are chosen explicitly.
 */
export function applyMonitorFlags(): void {
  if (process.env['HEIMDALL_MONITOR_NODE_FLAGS'] !== undefined) return;
  const missing = monitorNodeFlags.filter((flag) => !process.execArgv.includes(flag));
  for (const flag of missing) v8.setFlagsFromString(flag);
  const global = globalThis as { gc?: () => void };
  if (missing.includes('--expose-gc') && typeof global.gc !== 'function') global.gc = vm.runInNewContext('gc') as () => void;
}
