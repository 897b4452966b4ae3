import type { ErrorEvent } from '@tokenwire/protocol';
import type { PartialChatResult } from '../types.js';
import { TokenwireError } from './tokenwire-error.js';

/**
 * The server reported that the generation failed, with a protocol `error` event: `code`,
 * `message` (safe to show) and `retryable` are the event's own.
 *
 * @example
 * stream.result.catch((error) => {
 *   if (error instanceof GenerationError && error.code === 'upstream_unavailable') showRetry();
 * });
 */
export class GenerationError extends TokenwireError {
  override readonly name: string = 'GenerationError';
  readonly kind: 'generation' = 'generation';

  constructor(event: ErrorEvent, partial: PartialChatResult) {
    super(event.message, { code: event.code, retryable: event.retryable, partial });
  }
}
