import type { TokenwireErrorCode } from '@tokenwire/protocol';

/** Options for {@link StreamError}. */
export interface StreamErrorOptions {
  /** Whether the same request may succeed later; carried into `error` events. */
  retryable?: boolean;
  /** Sent as `Retry-After` (seconds) when the error is answered before the first byte. */
  retryAfterSeconds?: number | undefined;
  cause?: unknown;
}

/**
 * Why a stream failed, as a status and a code: the JSON body `{"error":{"code","message"}}` and
 * its status before the first byte, an `error` event after it. `message` is safe to show to a
 * user: it never carries secrets or upstream internals (the upstream's own error is the `cause`,
 * for your logs).
 *
 * @example
 * const error = new StreamError(502, 'upstream_unavailable', 'The model provider could not be reached.', { retryable: true });
 * error.toEvent(); // { type: 'error', code: 'upstream_unavailable', message: '…', retryable: true }
 */
export class StreamError extends Error {
  override readonly name: string = 'StreamError';
  readonly status: number;
  readonly code: TokenwireErrorCode;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    code: TokenwireErrorCode,
    message: string,
    options: StreamErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.status = status;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The `error` event that ends a stream already under way. */
  toEvent(): { type: 'error'; code: TokenwireErrorCode; message: string; retryable: boolean } {
    return { type: 'error', code: this.code, message: this.message, retryable: this.retryable };
  }

  /** The JSON body of the answer before the first byte. */
  toJSON(): { error: { code: TokenwireErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }

  /** Response headers before the first byte: JSON, and `Retry-After` when there is one. */
  headers(): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (this.retryAfterSeconds !== undefined) {
      headers['retry-after'] = String(this.retryAfterSeconds);
    }
    return headers;
  }
}
