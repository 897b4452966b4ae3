import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from './api-error.js';

/**
 * Answers a request, before any byte of a stream was sent, with the error's status and
 * `{"error":{"code","message"}}`, plus `Retry-After` when the error names one.
 *
 * @example
 * return sendApiError(c, new ApiError(404, 'not_found', 'No route for GET /nope.'));
 */
export function sendApiError(c: Context, error: ApiError): Response {
  if (error.retryAfterSeconds !== undefined) {
    c.header('Retry-After', String(error.retryAfterSeconds));
  }
  return c.json(
    { error: { code: error.code, message: error.message } },
    error.status as ContentfulStatusCode,
  );
}
