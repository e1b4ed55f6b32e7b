// Root reads a mode-000 file anyway (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), and CI runs as root:
// the chaos run re-runs itself without those capabilities, as test/bad-input.test.ts runs the CLI,
// so that its chmods make files really unreadable to the monitor, the hooks' syncs, the CLI calls
// and the oracle alike. Its temp folders stay writable: root still owns them, so owner bits apply.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dropPermissionBypass } from '../helpers/project.js';

const bypassBits = (1n << 1n) | (1n << 2n); // CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH

/** True when this process reads and writes past file permissions. */
export function bypassesPermissions() {
  const effective = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return effective !== undefined && (BigInt(`0x${effective}`) & bypassBits) !== 0n;
}

/**
 * When this process bypasses permissions and setpriv exists: runs this same script without the
 * capabilities (signals forwarded) and resolves to its exit code. Otherwise resolves to null: go on here.
 * `serve`, if given, gets the child with an IPC channel to it (setpriv execs, so the channel reaches the re-run node).
 */
export async function rerunWithoutPermissionBypass(serve?: (child: ChildProcess) => void) {
  // The marker stops a second re-run should setpriv not have dropped them after all.
  if (process.env.HEIMDALL_CHAOS_RERUN === '1' || !bypassesPermissions() || spawnSync('setpriv', ['--version']).status !== 0) return null;
  const child = spawn('setpriv', [...dropPermissionBypass, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: serve === undefined ? 'inherit' : ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, HEIMDALL_CHAOS_RERUN: '1' },
  });
  serve?.(child);
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, forward);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (...result) => resolve(result)));
  return code ?? (signal ? 128 + 15 : 1);
}
