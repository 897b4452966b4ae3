import type { PartialChatResult } from '../types.js';
import { TokenwireError } from './tokenwire-error.js';

/**
 * Fields of an {@link HttpError}.
 *
 * @example
 * const init: HttpErrorInit = { status: 429, code: 'rate_limited', retryable: true, retryAfterMs: 2000 };
 */
export interface HttpErrorInit {
  status: number;
  code: string;
  retryable: boolean;
  retryAfterMs?: number | undefined;
  partial?: PartialChatResult;
  cause?: unknown;
}

/**
 * The server answered with a non-2xx status. `code` and `message` come from the API's JSON body
 * `{ "error": { "code", "message" } }` when there is one (`http_<status>` otherwise), and
 * `retryAfterMs` from a `Retry-After` header.
 *
 * @example
 * try {
 *   await streamChat('/api/chat', body).result;
 * } catch (error) {
 *   if (error instanceof HttpError && error.status === 429) {
 *     setTimeout(sendAgain, error.retryAfterMs ?? 1000);
 *   }
 * }
 */
export class HttpError extends TokenwireError {
  override readonly name: string = 'HttpError';
  readonly kind: 'http' = 'http';
  readonly status: number;
  /** From `Retry-After` (seconds or an HTTP date), in milliseconds from now. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, init: HttpErrorInit) {
    super(message, {
      code: init.code,
      retryable: init.retryable,
      partial: init.partial ?? { text: '' },
      cause: init.cause,
    });
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
  }
}
