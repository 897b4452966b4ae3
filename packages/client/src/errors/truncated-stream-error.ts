import type { PartialChatResult } from '../types.js';
import type { HttpError } from './http-error.js';
import { TokenwireError } from './tokenwire-error.js';

/**
 * The body ended cleanly but without a `finish` or `error` event: a proxy or the server cut the
 * answer short, and resuming was not possible or did not succeed. `partial.text` holds what
 * arrived. Retryable.
 *
 * @example
 * stream.result.catch((error) => {
 *   if (error instanceof TruncatedStreamError) showNotice(`Cut off after: ${error.partial.text}`);
 * });
 */
export class TruncatedStreamError extends TokenwireError {
  override readonly name: string = 'TruncatedStreamError';
  readonly kind: 'truncated' = 'truncated';

  constructor(partial: PartialChatResult, cause?: unknown, resumeError?: HttpError) {
    super('The stream ended before the answer was complete.', {
      code: 'truncated',
      retryable: true,
      partial,
      cause,
      resumeError,
    });
  }
}
