import type { PartialChatResult } from '../types.js';
import type { HttpError } from './http-error.js';
import { TokenwireError } from './tokenwire-error.js';

/**
 * Why a connection failed: `network_error` (unreachable, or dropped mid-answer) or
 * `silence_timeout` (no byte, not even a heartbeat, for `silenceTimeoutMs`: a dead connection).
 *
 * @example
 * const isSilent = (code: NetworkErrorCode) => code === 'silence_timeout';
 */
export type NetworkErrorCode = 'network_error' | 'silence_timeout';

/**
 * The connection failed: the server was unreachable, the connection dropped mid-answer, or it
 * went silent for longer than `silenceTimeoutMs` (`code: 'silence_timeout'`), and resuming was not
 * possible or did not succeed (`partial.text` holds what arrived). `cause` is the runtime's own
 * error. Always retryable.
 *
 * @example
 * stream.result.catch((error) => {
 *   if (error instanceof NetworkError) showBanner('You seem to be offline.');
 * });
 */
export class NetworkError extends TokenwireError {
  override readonly name: string = 'NetworkError';
  readonly kind: 'network' = 'network';
  override readonly code: NetworkErrorCode;

  constructor(
    message: string,
    partial: PartialChatResult,
    cause?: unknown,
    options: { code?: NetworkErrorCode; resumeError?: HttpError | undefined } = {},
  ) {
    const code = options.code ?? 'network_error';
    super(message, { code, retryable: true, partial, cause, resumeError: options.resumeError });
    this.code = code;
  }
}
