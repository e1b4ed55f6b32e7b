import { parentPidVariable } from '../contract/env-variables.js';
import { runHeimdall, type HeimdallRun } from './run-heimdall.js';

export interface CatchUpRun {
  /** Resolves with null on success, else the reason. Never rejects. */
  readonly done: Promise<{ ok: true; summary: unknown } | { ok: false; error: string }>;
  kill(): void;
}

/**
 * The full reconcile after a fresh instance: `heimdall sync --json` in a subprocess
 * (the monitor never loads files itself), supervised by runHeimdall (its own process
 * group, the exit hook), with the parent-pid watchdog variable. kill() SIGTERMs it first:
 * the sync stops its own child and exits; SIGKILL follows after the grace period.
 */
export function runCatchUpSync(root: string, env: NodeJS.ProcessEnv = process.env): CatchUpRun {
  let run: HeimdallRun | null = runHeimdall(['sync', '--json', '--project-root', root], {
    env: { ...env, [parentPidVariable]: String(process.pid) },
  });
  const done = run.done.then(({ code, signal, stdout, stderr, error }) => {
    run = null;
    if (error !== undefined) return { ok: false as const, error: `heimdall sync could not start: ${error.message}` };
    let summary: unknown = null;
    try {
      summary = (JSON.parse(stdout) as { summary?: unknown }).summary ?? null;
    } catch {
      // a failed sync may print nothing
    }
    // 65: some files failed permanently; they are in its report and the rest was applied: catch-up is done.
    if (code === 0 || code === 65) return { ok: true as const, summary };
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    return { ok: false as const, error: `heimdall sync exited with ${code ?? signal}${tail === '' ? '' : `: ${tail}`}` };
  });
  return { done, kill: () => run?.kill() };
}
