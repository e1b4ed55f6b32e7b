import type { HeimdallError } from '../errors/heimdall-error.js';
import type { ErrorCode } from '../contract/error-code.js';
import type { FileError } from '../contract/load-report.js';

/**
 * A store error as the per-file error of every path it stopped: busy, a full disk and no descriptors left keep
 * their code, anything else is `store-unavailable`; temporary exactly when the error is.
 */
export function storeFailure(error: HeimdallError): FileError {
  const code: ErrorCode = error.code === 'store-busy' || error.code === 'no-space' || error.code === 'too-many-files' ? error.code : 'store-unavailable';
  return { code, message: error.message, permanent: !error.temporary };
}
