import OpenAI from 'openai';
import { ApiError } from '../http/api-error.js';

/**
 * Turns what the openai SDK threw while sending the request into the {@link ApiError} the
 * client sees. Upstream messages are not passed on: a 401's says which key was refused.
 *
 * @example
 * try {
 *   await client.chat.completions.create(body, { signal }).asResponse();
 * } catch (error) {
 *   throw mapUpstreamError(error);
 * }
 */
export function mapUpstreamError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return unavailable('The model provider did not respond in time.', error);
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return unavailable('The model provider could not be reached.', error);
  }
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const { status } = error;
    if (status === 401 || status === 403) {
      return new ApiError(
        502,
        'upstream_auth',
        'The model provider refused the server’s credentials.',
        { cause: error },
      );
    }
    if (status === 429) {
      return new ApiError(
        429,
        'upstream_rate_limited',
        'The model provider is rate limiting requests; try again shortly.',
        {
          retryable: true,
          retryAfterSeconds: retryAfterSeconds(error.headers),
          cause: error,
        },
      );
    }
    if (status >= 500 || status === 408 || status === 409) {
      return unavailable(`The model provider failed (HTTP ${status}).`, error);
    }
    return new ApiError(
      502,
      'upstream_rejected',
      `The model provider rejected the request (HTTP ${status}).`,
      { cause: error },
    );
  }
  return new ApiError(500, 'internal_error', 'The server failed to start the answer.', {
    cause: error,
  });
}

function unavailable(message: string, cause: unknown): ApiError {
  return new ApiError(502, 'upstream_unavailable', message, { retryable: true, cause });
}

function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
