import { HeimdallError } from './heimdall-error.js';

/** No watch backend can run here (`watch --backend auto` then falls back to the Node one). The name is what tests and logs see. */
export class BackendUnavailableError extends HeimdallError {
  override readonly name: string = 'BackendUnavailableError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super('backend-unavailable', message, options);
  }
}

/** The backend will not watch this root any more (Watchman's poison: the inotify limit was hit); the monitor falls back. */
export class BackendPoisonedError extends BackendUnavailableError {
  override readonly name: string = 'BackendPoisonedError';
}
