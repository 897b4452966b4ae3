import OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { StreamError } from '../stream-error.js';
import { AbortLink, type AbortSource } from './abort-link.js';
import { mapUpstreamError } from './map-upstream-error.js';
import { readContentType } from './read-content-type.js';
import { readRetryAfterMs } from './read-retry-after-ms.js';
import { type SendCompletionRequest, sendThroughSdk } from './send-completion-request.js';

/** Options for {@link requestCompletion}. */
export interface RequestCompletionOptions {
  client: OpenAI;
  params: ChatCompletionCreateParamsStreaming;
  /** An {@link AbortLink} sends without making an `AbortSignal` where the sender needs none. */
  signal: AbortSignal | AbortLink;
  /** The one deadline for everything before the response headers, retries and waits included. */
  timeoutMs: number;
  /** Attempts after the first, within the deadline. */
  maxRetries: number;
  /** How each attempt is sent; default {@link sendThroughSdk}. */
  send?: SendCompletionRequest | undefined;
}

const MAX_BACKOFF_MS = 8_000;

/**
 * Sends a streaming chat completion (through the openai SDK unless `send` says otherwise) and
 * resolves with its raw `Response` once the headers are in. Retries are ours, not the SDK's
 * (each attempt is sent once):
 * the SDK can bound neither the total wait nor a `Retry-After` by a deadline, and a client must not
 * wait `(1 + retries) × timeout` with nothing received. A connection failure, 408, 409, 429 or 5xx
 * is tried again after the upstream's `Retry-After` (or a jittered backoff) only when that wait
 * leaves at least half of what is left of `timeoutMs`; otherwise its error is thrown at once, so a
 * long `Retry-After` reaches the client as a 429 it can act on. Throws a {@link StreamError}, or
 * the SDK's abort error when `signal` aborted.
 *
 * @example
 * const response = await requestCompletion({ client, params, signal, timeoutMs: 60_000, maxRetries: 2 });
 */
export async function requestCompletion(options: RequestCompletionOptions): Promise<Response> {
  const { client, params, signal, timeoutMs, maxRetries } = options;
  const send = options.send ?? sendThroughSdk;
  const deadline = performance.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    // Whole milliseconds: the SDK takes an integer timeout.
    const left = Math.ceil(deadline - performance.now());
    if (left <= 0) throw timedOut(undefined);
    let response: Response;
    try {
      response = await send(
        client,
        params,
        signal instanceof AbortLink ? signal.attemptOptions(left) : { signal, timeout: left },
      );
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof OpenAI.APIConnectionTimeoutError) throw timedOut(error);
      const failure = mapUpstreamError(error);
      if (attempt >= maxRetries || !shouldRetry(error)) throw failure;
      const wait =
        readRetryAfterMs(error instanceof OpenAI.APIError ? error.headers : undefined) ??
        backoffMs(attempt);
      if (wait > (deadline - performance.now()) / 2) throw failure;
      await sleep(wait, signal);
      if (signal.aborted) throw signal.reason;
      continue;
    }
    assertEventStream(response);
    return response;
  }
}

function shouldRetry(error: unknown): boolean {
  if (error instanceof OpenAI.APIConnectionError) return true;
  if (!(error instanceof OpenAI.APIError) || error.status === undefined) return false;
  // OpenAI's own hint wins, as the SDK honours it.
  const hint = error.headers?.get('x-should-retry');
  if (hint === 'true') return true;
  if (hint === 'false') return false;
  const { status } = error;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function backoffMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, MAX_BACKOFF_MS) * (1 - Math.random() * 0.25);
}

function sleep(milliseconds: number, signal: AbortSource): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, milliseconds);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function timedOut(cause: unknown): StreamError {
  return new StreamError(
    502,
    'upstream_unavailable',
    'The model provider did not respond in time.',
    {
      retryable: true,
      cause,
    },
  );
}

/** A 200 that is not an event stream (an HTML error page, a non-streamed JSON answer) is a 502 before the first byte. */
function assertEventStream(response: Response): void {
  const type = readContentType(response);
  if (type !== null && !type.toLowerCase().includes('text/event-stream')) {
    void response.body?.cancel().catch(() => {});
    throw new StreamError(
      502,
      'upstream_unavailable',
      'The model provider answered without a stream.',
      { retryable: true },
    );
  }
}
