import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { spawnSupervised } from '../process/spawn-supervised.js';

export interface GitRun {
  stdout: string;
  exitCode: number;
}

export interface ExecGitOptions {
  /** Non-zero exit codes that are answers, not failures (`rev-parse --verify --quiet`: 1, `config --get`: 1). */
  allowExitCodes?: number[];
  timeoutMs?: number;
}

// Enough of stderr for any message git prints.
const stderrTailBytes = 64 * 1024;

/**
 * The one place heimdall runs git (like lint-staged's execGit), through the process toolkit
 * rather than simple-git: every call here is a raw argv with `-z` output and meaningful exit
 * codes, which simple-git only gave through `.raw()`, an `errors` hook to recover the exit code
 * (it treats a non-zero exit with an empty stderr as success) and a regex on the message to tell
 * "git missing" (ENOENT) from a failure; its typed commands parse neither `-z` output nor these
 * exit codes. Importing it also cost sync and the hooks ~20 ms of start-up (about 100 ms when the
 * machine is busy), for nothing the toolkit lacks: here the exit code and errno come as they are,
 * and the deadline is the toolkit's SIGTERM-then-SIGKILL. git stays in our process group, as it
 * did, so that Ctrl-C reaches it. The process environment is inherited untouched (hooks run with
 * GIT_DIR and friends set by git, and they must be honoured, GIT_EDITOR & co during a rebase too).
 * `--no-optional-locks` keeps read-only calls from writing the index while the git command that
 * ran a hook may still be busy with it.
 */
export async function execGit(cwd: string, args: string[], options: ExecGitOptions = {}): Promise<GitRun> {
  const allowed = new Set([0, ...(options.allowExitCodes ?? [])]);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const end = await spawnSupervised(['git', '--no-optional-locks', ...args], {
    cwd,
    ownGroup: false,
    timeoutMs,
    maxStdoutBytes: Number.POSITIVE_INFINITY,
    stderrTailBytes,
  }).done;
  if (end.kind === 'spawn-error') {
    const cause = new Error(end.message);
    if (end.cwdMissing !== null) throw new HeimdallError('git', messages.git.failed(args, `no such directory: ${cwd}`), { cause });
    if (end.errno === 'ENOENT') throw new HeimdallError('git', messages.git.missing, { cause });
    throw new HeimdallError('git', messages.git.failed(args, end.message), { cause });
  }
  if (end.exitCode !== null && allowed.has(end.exitCode) && !end.timedOut) return { stdout: end.stdout ?? '', exitCode: end.exitCode };
  const status = end.timedOut ? `timed out after ${timeoutMs} ms` : end.exitCode !== null ? `exit code ${end.exitCode}` : `killed by ${end.signal}`;
  throw new HeimdallError('git', messages.git.failed(args, end.timedOut ? status : end.stderrTail.trim() || status));
}

/** Splits `-z` output into its NUL-terminated fields. */
export function splitNul(stdout: string): string[] {
  const fields = stdout.split('\0');
  if (fields.at(-1) === '') fields.pop();
  return fields;
}
