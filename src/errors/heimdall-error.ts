import type { ErrorCode } from '../contract/error-code.js';
import { ExitCode } from '../contract/exit-code.js';

// Every error heimdall raises on purpose. `code` is stable (scripts and the JSON
// contract read it); `message` is for people and comes from errors/messages.ts.

/** Temporary unless said otherwise: a retry may succeed once the store is free, space or descriptors are back. */
const temporaryCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['store-busy', 'store-io', 'no-space', 'too-many-files']);

/** The exit code of a permanent error, where it is not 1. */
const permanentExitCodes: Partial<Record<ErrorCode, ExitCode>> = {
  usage: ExitCode.usage,
  config: ExitCode.usage,
  'not-a-project': ExitCode.usage,
  git: ExitCode.usage,
  'no-store': ExitCode.noStore,
  // `heimdall show`: the path is no doc of the project, or it has no such heading or lines.
  'not-found': ExitCode.usage,
};

export interface HeimdallErrorOptions {
  cause?: unknown;
  /** A retry may succeed. Default: by the code (busy, a full disk, no descriptors left, a passing I/O error). */
  temporary?: boolean;
}

export class HeimdallError extends Error {
  override readonly name: string = 'HeimdallError';
  readonly code: ErrorCode;
  readonly temporary: boolean;
  /** 75 when temporary; else by the code (2 for usage, config, not-a-project and git, 66 for no store, 1 for the rest). */
  readonly exitCode: ExitCode;

  constructor(code: ErrorCode, message: string, options: HeimdallErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.temporary = options.temporary ?? temporaryCodes.has(code);
    this.exitCode = this.temporary ? ExitCode.temporaryFailure : (permanentExitCodes[code] ?? ExitCode.failure);
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
