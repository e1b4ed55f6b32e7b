import { simpleGit } from 'simple-git';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';

export interface GitRun {
  stdout: string;
  exitCode: number;
}

export interface ExecGitOptions {
  /** Non-zero exit codes that are answers, not failures (`rev-parse --verify --quiet`: 1, `config --get`: 1). */
  allowExitCodes?: number[];
  timeoutMs?: number;
}

/**
 * The one place heimdall runs git (like lint-staged's execGit). simple-git on its own
 * treats a non-zero exit with an empty stderr as success, so the exit code is captured
 * through its `errors` hook and judged here. The process environment is inherited
 * untouched (hooks run with GIT_DIR and friends set by git, and they must be honoured);
 * simple-git's `.env()` is not used because it rejects GIT_EDITOR & co, which git sets
 * during a rebase. `--no-optional-locks` keeps read-only calls from writing the index
 * while the git command that ran a hook may still be busy with it.
 */
export async function execGit(cwd: string, args: string[], options: ExecGitOptions = {}): Promise<GitRun> {
  const allowed = new Set([0, ...(options.allowExitCodes ?? [])]);
  let exitCode = -1;
  let stderr = '';
  let git;
  try {
    git = simpleGit({
      baseDir: cwd,
      maxConcurrentProcesses: 1,
      timeout: { block: options.timeoutMs ?? 120_000 },
      errors: (error, result) => {
        exitCode = result.exitCode;
        stderr = Buffer.concat(result.stdErr).toString('utf8');
        // simple-git's own detector has already turned "non-zero with stderr" into an error: overrule it for allowed codes.
        if (allowed.has(result.exitCode)) return undefined;
        return error ?? Buffer.from(stderr || `exit code ${result.exitCode}`);
      },
    });
  } catch (error) {
    throw new HeimdallError('git', messages.git.failed(args, error instanceof Error ? error.message : String(error)), { cause: error });
  }
  try {
    const stdout = await git.raw(['--no-optional-locks', ...args]);
    return { stdout, exitCode: exitCode === -1 ? 0 : exitCode };
  } catch (error) {
    const detail = stderr.trim() || (error instanceof Error ? error.message : String(error));
    if (/spawn \S*git ENOENT/.test(error instanceof Error ? error.message : String(error))) throw new HeimdallError('git', messages.git.missing, { cause: error });
    throw new HeimdallError('git', messages.git.failed(args, detail), { cause: error });
  }
}

/** Splits `-z` output into its NUL-terminated fields. */
export function splitNul(stdout: string): string[] {
  const fields = stdout.split('\0');
  if (fields.at(-1) === '') fields.pop();
  return fields;
}
