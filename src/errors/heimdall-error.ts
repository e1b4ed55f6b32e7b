import { ExitCode } from '../cli/exit-codes.js';

// Every error heimdall raises on purpose. `code` is stable (scripts and the JSON
// contract read it); `message` is for people and comes from errors/messages.ts.
export type ErrorCode =
  | 'usage'
  | 'config'
  | 'not-a-project'
  | 'no-store'
  | 'store-corrupt'
  | 'store-too-new'
  | 'store-busy'
  | 'store-io'
  // The disk is full / the process is out of file descriptors: temporary, a retry succeeds once that is over.
  | 'no-space'
  | 'too-many-files'
  | 'git'
  // `heimdall hooks install` refused to touch an existing hook (the message says how to proceed).
  | 'hooks'
  | 'monitor-running'
  | 'monitor-not-running'
  | 'executor-config'
  // `heimdall show`: the path is no doc of the project, or it has no such heading or lines.
  | 'not-found'
  | 'internal';

const exitCodes: Record<ErrorCode, ExitCode> = {
  usage: ExitCode.usage,
  config: ExitCode.usage,
  'not-a-project': ExitCode.usage,
  'no-store': ExitCode.noStore,
  'store-corrupt': ExitCode.failure,
  'store-too-new': ExitCode.failure,
  'store-busy': ExitCode.temporaryFailure,
  'store-io': ExitCode.temporaryFailure,
  'no-space': ExitCode.temporaryFailure,
  'too-many-files': ExitCode.temporaryFailure,
  git: ExitCode.usage,
  hooks: ExitCode.failure,
  'monitor-running': ExitCode.monitorConflict,
  'monitor-not-running': ExitCode.monitorConflict,
  'executor-config': ExitCode.usage,
  'not-found': ExitCode.usage,
  internal: ExitCode.failure,
};

export class HeimdallError extends Error {
  override readonly name = 'HeimdallError';
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; exitCode?: ExitCode } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? exitCodes[code];
  }

  /** A retry may succeed (exit 75): busy, a full disk, no descriptors left, a passing I/O error. */
  get temporary(): boolean {
    return this.exitCode === ExitCode.temporaryFailure;
  }
}

export function isHeimdallError(error: unknown): error is HeimdallError {
  return error instanceof HeimdallError;
}

/** The errno-style code of a Node system error, if it has one. */
export function systemErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
