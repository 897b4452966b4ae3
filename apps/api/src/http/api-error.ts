/** Options for {@link ApiError}. */
export interface ApiErrorOptions {
  /** Whether the same request may succeed later; carried into `error` events. */
  retryable?: boolean;
  /** Sent as `Retry-After` (seconds) when the error is answered before the first byte. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * An error with the HTTP status and machine code the API answers with: JSON
 * `{"error":{"code","message"}}` before the first byte, an `error` event after it.
 * `message` is safe to show to a user: it never carries secrets or upstream internals.
 *
 * @example
 * throw new ApiError(415, 'unsupported_media_type', 'Content-Type must be application/json.');
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, code: string, message: string, options: ApiErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.status = status;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
