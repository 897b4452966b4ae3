import { HttpError } from './errors/http-error.js';
import { parseRetryAfter } from './parse-retry-after.js';
import type { PartialChatResult } from './types.js';

// 408/425/429 and gateway-ish 5xx are worth another try; 501/505 and other 4xx are not.
const retryableStatuses = new Set([408, 425, 429, 500, 502, 503, 504]);

interface ApiErrorBody {
  error?: { code?: unknown; message?: unknown; retryable?: unknown };
}

/** Turns a non-2xx response into an {@link HttpError}, reading the API's `{ error }` JSON if any. */
export async function createHttpError(
  response: Response,
  partial: PartialChatResult,
): Promise<HttpError> {
  let body: ApiErrorBody | undefined;
  try {
    const text = await response.text();
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as ApiErrorBody;
  } catch {
    // Not JSON (a proxy's HTML page, an empty body) or unreadable: status alone must do.
  }
  const apiError = body?.error;
  const code = typeof apiError?.code === 'string' ? apiError.code : `http_${response.status}`;
  const message =
    typeof apiError?.message === 'string'
      ? apiError.message
      : `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
  const retryable =
    typeof apiError?.retryable === 'boolean'
      ? apiError.retryable
      : retryableStatuses.has(response.status);
  return new HttpError(message, {
    status: response.status,
    code,
    retryable,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    partial,
  });
}
