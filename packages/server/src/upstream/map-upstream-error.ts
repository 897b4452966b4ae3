import OpenAI from 'openai';
import { StreamError } from '../stream-error.js';
import { readRetryAfterMs } from './read-retry-after-ms.js';

/**
 * Turns what the openai SDK threw while sending the request into the {@link StreamError} the
 * client sees. Upstream messages are not passed on: a 401's says which key was refused.
 *
 * @example
 * try {
 *   await client.chat.completions.create(body, { signal }).asResponse();
 * } catch (error) {
 *   throw mapUpstreamError(error);
 * }
 */
export function mapUpstreamError(error: unknown): StreamError {
  if (error instanceof StreamError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return unavailable('The model provider did not respond in time.', error);
  }
  if (isOutOfDescriptors(error)) {
    // This process, not the provider, is out of sockets: a clean, retryable refusal.
    return new StreamError(503, 'server_busy', 'The server is at capacity; please retry.', {
      retryable: true,
      retryAfterSeconds: 1,
      cause: error,
    });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return unavailable('The model provider could not be reached.', error);
  }
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const { status } = error;
    if (status === 401 || status === 403) {
      return new StreamError(
        502,
        'upstream_auth',
        'The model provider refused the server’s credentials.',
        { cause: error },
      );
    }
    if (status === 429) {
      return new StreamError(
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
    return new StreamError(
      502,
      'upstream_rejected',
      `The model provider rejected the request (HTTP ${status}).`,
      { cause: error },
    );
  }
  return new StreamError(500, 'internal_error', 'The server failed to start the answer.', {
    cause: error,
  });
}

function unavailable(message: string, cause: unknown): StreamError {
  return new StreamError(502, 'upstream_unavailable', message, { retryable: true, cause });
}

function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const milliseconds = readRetryAfterMs(headers);
  return milliseconds === undefined ? undefined : Math.ceil(milliseconds / 1000);
}

/** EMFILE / ENFILE anywhere in the cause chain (the SDK wraps fetch's error, which wraps the socket's). */
function isOutOfDescriptors(error: unknown): boolean {
  for (let cause = error, depth = 0; cause !== undefined && cause !== null && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'EMFILE' || code === 'ENFILE') return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
