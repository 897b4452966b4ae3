import { createEventDecoder, ProtocolError, type TokenwireEvent } from '@tokenwire/protocol';
import { createEventQueue } from './create-event-queue.js';
import { createHttpError } from './create-http-error.js';
import { DecodeError } from './errors/decode-error.js';
import { GenerationError } from './errors/generation-error.js';
import { NetworkError } from './errors/network-error.js';
import { StreamAbortedError } from './errors/stream-aborted-error.js';
import { TruncatedStreamError } from './errors/truncated-stream-error.js';
import type { ChatRequest, ChatResult, PartialChatResult } from './types.js';

/**
 * The part of `fetch` {@link streamChat} uses; the global `fetch`, undici's, or a test double.
 *
 * @example
 * const loggingFetch: FetchFunction = (input, init) => {
 *   console.log('POST', String(input));
 *   return fetch(input, init);
 * };
 */
export type FetchFunction = (input: string | URL, init: RequestInit) => Promise<Response>;

/**
 * Options for {@link streamChat}.
 *
 * @example
 * const controller = new AbortController();
 * const options: StreamChatOptions = {
 *   signal: controller.signal,
 *   headers: { Authorization: 'Bearer token' },
 *   onText: (delta) => output.append(delta),
 * };
 */
export interface StreamChatOptions {
  /** Aborting it stops reading at once; `result` rejects with {@link StreamAbortedError}. */
  signal?: AbortSignal | undefined;
  /** Sent with the request. `Content-Type: application/json` and `Accept: text/event-stream` are added unless set. */
  headers?: HeadersInit | undefined;
  credentials?: RequestCredentials | undefined;
  /** Replaces the global `fetch`: a runtime's own, an instrumented one, or a test double. */
  fetch?: FetchFunction | undefined;
  /** Called for every protocol event, in order, as it is decoded. */
  onEvent?: ((event: TokenwireEvent) => void) | undefined;
  /** Called for every `text-delta`, with the delta and the whole text so far. */
  onText?: ((delta: string, text: string) => void) | undefined;
  /** The largest event accepted, in characters of its frame. Default 1 MiB. */
  maxEventSize?: number | undefined;
}

/**
 * A running chat stream: iterate it for events, or await `result`, or both. The request starts
 * as soon as {@link streamChat} returns, whether or not anyone iterates.
 *
 * @example
 * const stream = streamChat('/api/chat', { messages: [{ role: 'user', content: 'Hi' }] });
 * for await (const event of stream) {
 *   if (event.type === 'text-delta') output.append(event.delta);
 * }
 * const { finishReason } = await stream.result;
 */
export interface ChatStream extends AsyncIterable<TokenwireEvent> {
  /**
   * The complete answer; rejects with a {@link ChatStreamError} (or whatever a callback threw).
   * Never reported as an unhandled rejection if you only iterate.
   */
  readonly result: Promise<ChatResult>;
  /** The text received so far. */
  readonly text: string;
  readonly generationId: string | undefined;
  readonly model: string | undefined;
  /** The `id` of the last frame received (for a future resume). */
  readonly lastEventId: string | undefined;
  /** Stops the request and reading at once; `result` rejects with {@link StreamAbortedError}. */
  abort(reason?: unknown): void;
}

/**
 * POSTs `body` as JSON to a tokenwire endpoint and streams the answer back.
 *
 * Iterating yields every protocol event (`start`, `text-delta`…, then `finish` or `error`) and,
 * after an `error` event or any failure, throws the typed error; leaving the loop early aborts the
 * request, as the openai SDK does. Every event is kept, so a late iterator still sees them all.
 *
 * @example
 * const stream = streamChat('https://api.example.com/chat', {
 *   messages: [{ role: 'user', content: 'Explain SSE in one sentence.' }],
 * }, {
 *   onText: (_delta, text) => { element.textContent = text; },
 * });
 * try {
 *   const { text, finishReason, usage } = await stream.result;
 *   console.log(text, finishReason, usage?.completionTokens);
 * } catch (error) {
 *   if (isAbortError(error)) return;
 *   if (error instanceof TokenwireError && error.retryable) showRetryButton();
 * }
 */
export function streamChat(
  url: string | URL,
  body: ChatRequest,
  options: StreamChatOptions = {},
): ChatStream {
  const { signal, onEvent, onText } = options;
  // Serialised up front: an unserialisable body is a programming error, thrown synchronously.
  const payload = JSON.stringify(body);
  const controller = new AbortController();
  const partial: PartialChatResult = { text: '' };
  const queue = createEventQueue<TokenwireEvent>();
  let hasSettled = false;
  let isReading = true;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let resolveResult: (value: ChatResult) => void = () => {};
  let rejectResult: (error: unknown) => void = () => {};
  const result = new Promise<ChatResult>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // Whoever only iterates never awaits `result`: mark it handled so a failure is not an
  // unhandled rejection. Awaiting it still rejects.
  result.catch(() => {});

  const snapshot = (): PartialChatResult => ({ ...partial });

  const settle = (): boolean => {
    if (hasSettled) return false;
    hasSettled = true;
    signal?.removeEventListener('abort', onSignalAbort);
    return true;
  };
  const succeed = (value: ChatResult): void => {
    if (!settle()) return;
    resolveResult(value);
    queue.close();
  };
  const fail = (error: unknown): void => {
    if (!settle()) return;
    rejectResult(error);
    queue.fail(error);
  };
  const stopReading = (reason?: unknown): void => {
    if (!isReading) return;
    isReading = false;
    controller.abort(reason);
    // cancel() settles a pending read() now, wherever the aborted fetch would only error later.
    reader?.cancel(reason).catch(() => {});
  };
  const abort = (reason?: unknown): void => {
    stopReading(reason);
    fail(new StreamAbortedError(snapshot(), reason ?? controller.signal.reason));
  };
  function onSignalAbort(): void {
    abort(signal?.reason);
  }

  const handleEvent = (event: TokenwireEvent, lastEventId: string | undefined): void => {
    if (hasSettled) return;
    if (event.type !== 'start' && event.type !== 'error' && partial.generationId === undefined) {
      throw new ProtocolError('invalid_event', `A "${event.type}" event came before "start".`);
    }
    partial.lastEventId = lastEventId;
    if (event.type === 'start') {
      partial.generationId = event.id;
      partial.model = event.model;
    } else if (event.type === 'text-delta') {
      partial.text += event.delta;
    }
    queue.push(event);
    try {
      onEvent?.(event);
      if (event.type === 'text-delta') onText?.(event.delta, partial.text);
    } catch (error) {
      fail(error);
      stopReading(error);
      return;
    }
    if (event.type === 'finish') {
      succeed({
        text: partial.text,
        finishReason: event.reason,
        ...(event.usage === undefined ? {} : { usage: event.usage }),
        generationId: partial.generationId as string,
        model: partial.model as string,
        lastEventId: partial.lastEventId,
      });
    } else if (event.type === 'error') {
      fail(new GenerationError(event, snapshot()));
    }
  };

  const classifyReadError = (error: unknown): unknown => {
    if (error instanceof ProtocolError) {
      return error.code === 'truncated'
        ? new TruncatedStreamError(snapshot(), error)
        : new DecodeError(error.code, error.message, snapshot(), error);
    }
    return new NetworkError(
      `The connection failed during the answer: ${describe(error)}`,
      snapshot(),
      error,
    );
  };

  const run = async (): Promise<void> => {
    const headers = new Headers(options.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    if (!headers.has('accept')) headers.set('accept', 'text/event-stream');
    const init: RequestInit = {
      method: 'POST',
      headers,
      body: payload,
      signal: controller.signal,
    };
    if (options.credentials !== undefined) init.credentials = options.credentials;
    // Called as a plain function: `window.fetch` invoked as a method of another object throws
    // "Illegal invocation" in browsers.
    const fetchFunction = options.fetch ?? globalThis.fetch;

    let response: Response;
    try {
      response = await fetchFunction(url, init);
    } catch (error) {
      fail(new NetworkError(`The request failed: ${describe(error)}`, snapshot(), error));
      return;
    }
    if (!isReading) {
      response.body?.cancel().catch(() => {});
      return;
    }
    if (!response.ok) {
      fail(await createHttpError(response, snapshot()));
      return;
    }
    const contentType = response.headers.get('content-type');
    // A missing Content-Type is tolerated (a hand-made Response in a test); a different one is
    // an HTML error page or JSON from something that is not a tokenwire endpoint.
    if (
      response.body === null ||
      (contentType !== null && !/text\/event-stream/i.test(contentType))
    ) {
      fail(
        new DecodeError(
          'unexpected_response',
          `Expected an event stream, got ${response.body === null ? 'no body' : contentType}.`,
          snapshot(),
        ),
      );
      stopReading();
      response.body?.cancel().catch(() => {});
      return;
    }

    reader = response.body.getReader();
    const decoder = createEventDecoder({
      onEvent: (event) => handleEvent(event, decoder.lastEventId),
      maxEventSize: options.maxEventSize,
    });
    try {
      // A plain read() loop: Safari's ReadableStream has no async iterator.
      for (;;) {
        const step = await reader.read();
        if (!isReading) return;
        if (step.done) break;
        decoder.push(step.value);
        if (!isReading) return;
      }
      decoder.end();
    } catch (error) {
      if (!isReading) return;
      fail(classifyReadError(error));
      stopReading();
    }
  };

  if (signal?.aborted) {
    abort(signal.reason);
  } else {
    signal?.addEventListener('abort', onSignalAbort, { once: true });
    run().catch((error: unknown) => {
      fail(error);
      stopReading(error);
    });
  }

  return {
    result,
    get text() {
      return partial.text;
    },
    get generationId() {
      return partial.generationId;
    },
    get model() {
      return partial.model;
    },
    get lastEventId() {
      return partial.lastEventId;
    },
    abort,
    [Symbol.asyncIterator]() {
      return queue.iterate(() => {
        if (!hasSettled) abort();
      });
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
