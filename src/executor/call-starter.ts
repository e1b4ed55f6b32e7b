import type { HeimdallConfig } from '../config/config-types.js';
import { parentPidVariable, projectRootVariable } from '../contract/env-variables.js';
import { spawnSupervised, type Supervised } from '../process/spawn-supervised.js';
import { commandArgv, loadRemoves, type CommandKind } from './command-argv.js';
import { createWarmLoad, type WarmLoad } from './warm-load.js';

export interface CallStarterOptions {
  config: HeimdallConfig;
  /** Extra environment for the children (ExecutorOptions.env). */
  env: NodeJS.ProcessEnv | undefined;
  killGraceMs: number;
  /** ExecutorOptions.warmStart / warmIdleMs. */
  warmStart: boolean;
  warmIdleMs: number;
}

/** One call on its way: the child, the argv it runs (as typed in the log), whether it was started ahead. */
export interface StartedCall {
  call: Supervised;
  argv: string[];
  argvText: string;
  startedAhead: boolean;
}

export interface CallStarter {
  /** Starts a call of `kind` with `paths` NUL-separated on stdin: fed to the `load` child started ahead, if one waits, else spawned now. */
  start(kind: CommandKind, paths: string[]): StartedCall;
  /** The call ended: with warm start, the next batch's child starts now. */
  ended(): void;
  /** Ends the child started ahead, if any. */
  stop(graceMs: number): Promise<void>;
}

/**
 * How the executor's calls reach a child: the argv (command-argv.ts), the children's environment (their parent's
 * pid for their watchdog, the project root), the deadline, and the warm start (warm-load.ts) when the commands are
 * heimdall's own.
 */
export function createCallStarter(options: CallStarterOptions): CallStarter {
  const { config, killGraceMs } = options;
  const env = { ...process.env, ...options.env, [parentPidVariable]: String(process.pid), [projectRootVariable]: config.root };
  const warm: WarmLoad | null =
    options.warmStart && loadRemoves(config)
      ? createWarmLoad({ argv: commandArgv(config, 'load'), cwd: config.root, env, killGraceMs, idleMs: options.warmIdleMs })
      : null;
  return {
    start(kind, paths) {
      const argv = commandArgv(config, kind);
      const argvText = argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
      const input = paths.map((path) => `${path}\0`).join('');
      const timeoutMs = config.executor.timeoutMs ?? 30_000 + 20 * paths.length;
      const waiting = kind === 'load' ? (warm?.take() ?? null) : null;
      waiting?.feed(input, timeoutMs);
      const call = waiting ?? spawnSupervised(argv, { cwd: config.root, env, input, timeoutMs, killGraceMs });
      return { call, argv, argvText, startedAhead: waiting !== null };
    },
    // After the call, not beside it: a child starting beside a running call would only slow that call down on a small machine.
    ended: () => warm?.prepare(),
    stop: async (graceMs) => {
      await warm?.stop(graceMs);
    },
  };
}
