/**
 * What went wrong while decoding a stream: `truncated` (it ended without `finish` or `error`),
 * `event_too_large` (an event grew past the size limit), `malformed_event` (a frame's data is not
 * JSON), `invalid_event` (JSON that is not an object with a string `type`, or a known event with a
 * missing or mistyped field).
 *
 * @example
 * function isWorthRetrying(code: ProtocolErrorCode): boolean {
 *   return code === 'truncated';
 * }
 */
export type ProtocolErrorCode =
  | 'truncated'
  | 'event_too_large'
  | 'malformed_event'
  | 'invalid_event';

/**
 * A stream that cannot be decoded, or that ended without `finish` or `error`.
 *
 * @example
 * const decoder = createEventDecoder({ onEvent: () => {} });
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
