/**
 * Every error code a tokenwire server sends, in a JSON error body before the first byte
 * (`{"error":{"code","message"}}`) or in an `error` event after it. Clients switch on these;
 * a newer server may send a code this list does not name yet, so keep a default branch.
 *
 * - Request: `bad_request` (not valid HTTP), `headers_too_large` (431), `invalid_json`, `invalid_body`, `invalid_request`, `unsupported_media_type`,
 *   `payload_too_large`, `too_many_messages`, `input_too_long`, `request_timeout`,
 *   `method_not_allowed`, `not_found`, `rate_limited`.
 * - Upstream: `upstream_rate_limited` (429, with `Retry-After`), `upstream_auth`,
 *   `upstream_rejected`, `upstream_unavailable` (each 502 before the first byte), and
 *   `upstream_timeout` (the model sent nothing within the server's bound).
 * - Server: `server_shutdown`, `server_busy` (503, with `Retry-After`), `internal_error`,
 *   `reader_timeout` (the reader took nothing for too long; the model call was ended).
 * - Resume: `generation_not_found` (404), `resume_gap` (410).
 *
 * @example
 * function canRetry(code: TokenwireErrorCode): boolean {
 *   return code === 'upstream_unavailable' || code === 'server_shutdown';
 * }
 */
export type TokenwireErrorCode =
  | 'bad_request'
  | 'headers_too_large'
  | 'invalid_json'
  | 'invalid_body'
  | 'invalid_request'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'too_many_messages'
  | 'input_too_long'
  | 'request_timeout'
  | 'method_not_allowed'
  | 'not_found'
  | 'rate_limited'
  | 'upstream_rate_limited'
  | 'upstream_auth'
  | 'upstream_rejected'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'server_shutdown'
  | 'server_busy'
  | 'internal_error'
  | 'generation_not_found'
  | 'resume_gap'
  | 'reader_timeout';
