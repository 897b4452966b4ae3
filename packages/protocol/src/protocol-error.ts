/** What went wrong while decoding a stream. */
export type ProtocolErrorCode =
  | 'truncated'
  | 'event_too_large'
  | 'malformed_event'
  | 'invalid_event';

/**
 * A stream that cannot be decoded, or that ended without `finish` or `error`.
 *
 * @example
 * try {
 *   decoder.end();
 * } catch (error) {
 *   if (error instanceof ProtocolError && error.code === 'truncated') showRetry();
 * }
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;

  constructor(code: ProtocolErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
