import type { PartialChatResult } from '../types.js';
import type { HttpError } from './http-error.js';

/**
 * What kind of failure a {@link TokenwireError} is: the field a UI switches on.
 * `http` the server refused the request; `network` the connection failed; `generation` the server
 * reported an `error` event; `truncated` the body ended without `finish`/`error`; `decode` the body
 * is not a valid tokenwire stream; `aborted` the caller stopped it (not a failure to show).
 *
 * @example
 * const label: Record<TokenwireErrorKind, string> = {
 *   http: 'The server refused the request.',
 *   network: 'Connection lost.',
 *   generation: 'The model failed.',
 *   truncated: 'The answer was cut off.',
 *   decode: 'The server sent something unexpected.',
 *   aborted: 'Stopped.',
 * };
 */
export type TokenwireErrorKind =
  | 'http'
  | 'network'
  | 'generation'
  | 'truncated'
  | 'decode'
  | 'aborted';

/**
 * Fields every {@link TokenwireError} takes.
 *
 * @example
 * const init: TokenwireErrorInit = { code: 'truncated', retryable: true, partial: { text: 'Hel' } };
 */
export interface TokenwireErrorInit {
  code: string;
  retryable: boolean;
  partial: PartialChatResult;
  cause?: unknown;
  /** Why the automatic resume gave up, when the server refused it. */
  resumeError?: HttpError | undefined;
}

/**
 * The base of every error {@link streamChat} produces. Check `kind` (stable across bundles, unlike
 * `instanceof` when two copies of the package are loaded), `code` and `retryable`; `partial.text` is
 * whatever arrived before the failure.
 *
 * @example
 * try {
 *   await streamChat('/api/chat', body).result;
 * } catch (error) {
 *   if (error instanceof TokenwireError && error.kind !== 'aborted') {
 *     showError(error.message, { canRetry: error.retryable, partialText: error.partial.text });
 *   }
 * }
 */
export abstract class TokenwireError extends Error {
  abstract readonly kind: TokenwireErrorKind;
  /** A stable machine-readable code, e.g. `rate_limited`, `upstream_unavailable`, `truncated`. */
  readonly code: string;
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;
  /** What had arrived when the stream failed. */
  readonly partial: PartialChatResult;
  /**
   * Set on a `network` or `truncated` error when the stream was interrupted and the server refused
   * to resume it: 404 `generation_not_found`, 410 `resume_gap`, or another HTTP error on the last
   * attempt. The error itself stays `network`/`truncated`, so a UI still says "Interrupted".
   */
  readonly resumeError: HttpError | undefined;

  constructor(message: string, init: TokenwireErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.retryable = init.retryable;
    this.partial = init.partial;
    this.resumeError = init.resumeError;
  }
}
