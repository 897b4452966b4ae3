import type { PartialChatResult } from '../types.js';
import { TokenwireError } from './tokenwire-error.js';

/**
 * The connection failed: the server was unreachable, or the connection dropped mid-answer
 * (`partial.text` then holds what arrived). `cause` is the runtime's own error. Always retryable.
 *
 * @example
 * stream.result.catch((error) => {
 *   if (error instanceof NetworkError) showBanner('You seem to be offline.');
 * });
 */
export class NetworkError extends TokenwireError {
  override readonly name: string = 'NetworkError';
  readonly kind: 'network' = 'network';

  constructor(message: string, partial: PartialChatResult, cause?: unknown) {
    super(message, { code: 'network_error', retryable: true, partial, cause });
  }
}
