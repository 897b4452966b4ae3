import type { PartialChatResult } from '../types.js';
import { TokenwireError } from './tokenwire-error.js';

/**
 * The caller aborted the stream (its `signal`, `stream.abort()`, or leaving a `for await` loop
 * early). Not a failure to show: test for it with {@link isAbortError}. `partial.text` keeps what
 * had arrived; `reason` is the signal's reason.
 *
 * @example
 * try {
 *   await stream.result;
 * } catch (error) {
 *   if (error instanceof StreamAbortedError) markStopped(error.partial.text);
 * }
 */
export class StreamAbortedError extends TokenwireError {
  override readonly name: string = 'StreamAbortedError';
  readonly kind: 'aborted' = 'aborted';
  /** `signal.reason`, or what was passed to `stream.abort(reason)`. */
  readonly reason: unknown;

  constructor(partial: PartialChatResult, reason?: unknown) {
    super('The stream was aborted.', { code: 'aborted', retryable: true, partial });
    this.reason = reason;
  }
}
