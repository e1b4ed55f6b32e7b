import v8 from 'node:v8';
import vm from 'node:vm';
import { monitorNodeFlags } from './monitor-node-flags.js';

/**
 * The fallback for `node bin/heimdall.js watch`. Run as `heimdall watch`, the bin's sh line
 * already execs node with the monitor's flags; an explicit `node ...` skips that line, so the
 * flags are set here, before any of the monitor's code loads. This is best effort: V8 honours
 * --lite-mode set this early, but not the semi-space limit once the heap exists (measured: 53-56 MB
 * with no flags, 47.8-49.7 MB with this, 46-48 MB through the bin). --expose-gc does not define
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
