import type { ProtocolErrorCode } from '@tokenwire/protocol';
import type { PartialChatResult } from '../types.js';
import { TokenwireError } from './tokenwire-error.js';

/**
 * Why a response could not be decoded: the protocol decoder's codes, `unexpected_response`
 * when a 2xx response is not an event stream at all (an HTML page from a proxy, say), or
 * `sequence_gap` when an event's seq skips past events never received (a server bug: the answer
 * would have a hole, PROTOCOL.md §11.2).
 *
 * @example
 * const fatal: DecodeErrorCode[] = ['event_too_large', 'malformed_event'];
 */
export type DecodeErrorCode =
  | Exclude<ProtocolErrorCode, 'truncated'>
  | 'unexpected_response'
  | 'sequence_gap';

/**
 * The response is not a valid tokenwire stream. Not retryable: the same request gets the same bytes.
 * `cause` is the protocol's `ProtocolError` when the decoder raised it.
 *
 * @example
 * stream.result.catch((error) => {
 *   if (error instanceof DecodeError) reportBug(error.code, error.message);
 * });
 */
export class DecodeError extends TokenwireError {
  override readonly name: string = 'DecodeError';
  readonly kind: 'decode' = 'decode';
  override readonly code: DecodeErrorCode;

  constructor(code: DecodeErrorCode, message: string, partial: PartialChatResult, cause?: unknown) {
    super(message, { code, retryable: false, partial, cause });
    this.code = code;
  }
}
