import type { TokenwireEvent } from '@tokenwire/protocol';
import { createChatStream } from './create-chat-stream.js';
import type { TokenwireError } from './errors/tokenwire-error.js';
import type { ChatRequest, ChatResult, ChatToolCall } from './types.js';

/**
 * The part of `fetch` {@link streamChat} uses; the global `fetch`, undici's, or a test double.
 * Network failures must reject with a `TypeError`, as the Fetch standard's do: anything else it
 * throws ends the stream without a resume.
 *
 * @example
 * const loggingFetch: FetchFunction = (input, init) => {
 *   console.log(init.method, String(input));
 *   return fetch(input, init);
 * };
 */
export type FetchFunction = (input: string | URL, init: RequestInit) => Promise<Response>;

/**
 * Where a stream stands: `connecting` until the server answers, `streaming` while a response is
 * being read, `reconnecting` while it waits to resume after an interruption (show
 * "Reconnecting…"), `done` once `result` has settled, whatever the outcome.
 *
 * @example
 * const label: Record<ChatStreamStatus, string> = {
 *   connecting: 'Waiting…',
 *   streaming: '',
 *   reconnecting: 'Reconnecting…',
 *   done: '',
 * };
 */
export type ChatStreamStatus = 'connecting' | 'streaming' | 'reconnecting' | 'done';

/**
 * Options for {@link streamChat} (and {@link resumeChat}).
 *
 * @example
 * const controller = new AbortController();
 * const options: StreamChatOptions = {
 *   signal: controller.signal,
 *   headers: { Authorization: 'Bearer token' },
 *   onText: (delta) => output.append(delta),
 *   onStatusChange: (status) => {
 *     banner.hidden = status !== 'reconnecting';
 *   },
 *   maxResumeAttempts: 3,
 * };
 */
export interface StreamChatOptions {
  /**
   * Aborting it stops reading at once; `result` rejects with {@link StreamAbortedError}. When the
   * generation id is known and the answer has not ended, it also sends
   * `POST <url>/<id>/stop` (see `stopOnAbort`).
   *
   * @example
   * const controller = new AbortController();
   * stopButton.addEventListener('click', () => controller.abort());
   * streamChat('/api/chat', body, { signal: controller.signal });
   */
  signal?: AbortSignal | undefined;
  /**
   * Sent with every request (the POST, each resume, the stop). `Content-Type: application/json`
   * (POST only) and `Accept: text/event-stream` are added unless set.
   *
   * @example
   * streamChat('/api/chat', body, { headers: { Authorization: 'Bearer my-token' } });
   */
  headers?: HeadersInit | undefined;
  /**
   * Sent with every request, e.g. `'include'` for cookies cross-origin.
   *
   * @example
   * streamChat('https://api.example.com/chat', body, { credentials: 'include' });
   */
  credentials?: RequestCredentials | undefined;
  /**
   * Replaces the global `fetch`: a runtime's own, an instrumented one, or a test double.
   *
   * @example
   * streamChat('/api/chat', body, { fetch: (input, init) => fetch(input, init) });
   */
  fetch?: FetchFunction | undefined;
  /**
   * Called for every protocol event, in order, as it is decoded (once each: events a resume
   * replays again are dropped before this).
   *
   * @example
   * streamChat('/api/chat', body, { onEvent: (event) => console.debug(event.type) });
   */
  onEvent?: ((event: TokenwireEvent) => void) | undefined;
  /**
   * Called for every `text-delta`, with the delta and the whole text so far.
   *
   * @example
   * streamChat('/api/chat', body, { onText: (_delta, text) => { answerElement.textContent = text; } });
   */
  onText?: ((delta: string, text: string) => void) | undefined;
  /**
   * Called for every `reasoning-delta` (the model's "thinking"), with the delta and the whole
   * reasoning so far. The reasoning is kept apart from the answer's text.
   *
   * @example
   * streamChat('/api/chat', body, { onReasoning: (_delta, reasoning) => { thinkingElement.textContent = reasoning; } });
   */
  onReasoning?: ((delta: string, reasoning: string) => void) | undefined;
  /**
   * Called when the model starts a tool call (its `name` is known, its arguments not yet).
   *
   * @example
   * streamChat('/api/chat', body, { onToolCallStart: (call) => console.log(`calling ${call.name}…`) });
   */
  onToolCallStart?: ((call: ChatToolCall) => void) | undefined;
  /**
   * Called for every piece of a tool call's arguments, with the call so far (`argumentsText`
   * grows; it is not valid JSON until the call is complete).
   *
   * @example
   * streamChat('/api/chat', body, { onToolCallDelta: (_delta, call) => console.log(call.argumentsText) });
   */
  onToolCallDelta?: ((delta: string, call: ChatToolCall) => void) | undefined;
  /**
   * Called when a tool call is complete (`tool-call-end`): `arguments` holds the parsed JSON, or
   * is undefined if `argumentsText` does not parse.
   *
   * @example
   * streamChat('/api/chat', body, {
   *   onToolCall: (call) => {
   *     if (call.name === 'get_weather') console.log('weather for', call.arguments);
   *   },
   * });
   */
  onToolCall?: ((call: ChatToolCall) => void) | undefined;
  /**
   * Called when {@link ChatStream.status} changes (not for the initial `connecting`): show
   * "Reconnecting…" while it is `reconnecting`.
   *
   * @example
   * streamChat('/api/chat', body, {
   *   onStatusChange: (status) => {
   *     banner.hidden = status !== 'reconnecting';
   *   },
   * });
   */
  onStatusChange?: ((status: ChatStreamStatus) => void) | undefined;
  /**
   * Called before each resume attempt, with its number among the attempts that made no progress
   * (1, 2, … up to `maxResumeAttempts`) and the error it recovers from (a `network` or
   * `truncated` error, or the `http` error of a failed resume).
   *
   * @example
   * streamChat('/api/chat', body, {
   *   onReconnect: (attempt, error) => console.warn(`resume #${attempt} after`, error.code),
   * });
   */
  onReconnect?: ((attempt: number, error: TokenwireError) => void) | undefined;
  /**
   * How many resume attempts in a row may deliver nothing before the stream fails; an attempt
   * that delivers at least one new event starts the count again. `0` turns resuming off.
   * Default 5.
   *
   * @example
   * streamChat('/api/chat', body, { maxResumeAttempts: 0 }); // fail at the first interruption
   */
  maxResumeAttempts?: number | undefined;
  /**
   * The wait before the first resume attempt, doubled for each further attempt without progress
   * (each wait jittered to between half and all of it). Default 250 ms.
   *
   * @example
   * streamChat('/api/chat', body, { resumeDelayMs: 500, maxResumeDelayMs: 8000 });
   */
  resumeDelayMs?: number | undefined;
  /**
   * The longest wait between resume attempts. Default 4000 ms. A `Retry-After` on a failed
   * resume is honoured even when longer, up to 60 s.
   *
   * @example
   * streamChat('/api/chat', body, { maxResumeDelayMs: 2000 });
   */
  maxResumeDelayMs?: number | undefined;
  /**
   * How long the connection may send nothing at all (heartbeats count) before it is treated as
   * dead: that read is aborted and the stream resumes (or fails with a `NetworkError` whose code
   * is `silence_timeout`). Servers send `: ping` after 15 s of silence. Default 45 000 ms;
   * `0` or `Infinity` turns it off.
   *
   * @example
   * streamChat('/api/chat', body, { silenceTimeoutMs: 60_000 });
   */
  silenceTimeoutMs?: number | undefined;
  /**
   * Whether aborting (the signal, `abort()`, leaving a `for await` early, a throwing callback)
   * also sends `POST <url>/<id>/stop` (fire-and-forget, `keepalive`, at once) so the model stops upstream even where closing the connection
   * does not reach the server. Default true; false only
   * disconnects, leaving the generation running for {@link resumeChat}.
   *
   * @example
   * const stream = streamChat('/api/chat', body, { stopOnAbort: false });
   * addEventListener('pagehide', () => stream.abort()); // resume it after the reload
   */
  stopOnAbort?: boolean | undefined;
  /**
   * The largest event accepted, in characters of its frame. Default 1 MiB.
   *
   * @example
   * streamChat('/api/chat', body, { maxEventSize: 4 * 1024 * 1024 });
   */
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
  /** The reasoning received so far. */
  readonly reasoning: string;
  /** The tool calls so far (copies), complete or not. */
  readonly toolCalls: ChatToolCall[];
  readonly generationId: string | undefined;
  readonly model: string | undefined;
  /** The seq of the last event received: what a resume sends as `Last-Event-ID`. */
  readonly lastEventId: string | undefined;
  /** Where the stream stands; see {@link ChatStreamStatus}. */
  readonly status: ChatStreamStatus;
  /**
   * Stop: ends reading at once (`result` rejects with {@link StreamAbortedError}) and, unless
   * `stopOnAbort` is false, asks the server to stop the generation.
   */
  abort(reason?: unknown): void;
}

/**
 * POSTs `body` as JSON to a tokenwire endpoint and streams the answer back.
 *
 * Iterating yields every protocol event (`start`, `text-delta`…, then `finish` or `error`) and,
 * after an `error` event or any failure, throws the typed error; leaving the loop early aborts the
 * request, as the openai SDK does. Every event is kept, so a late iterator still sees them all.
 *
 * Once `start` has named the generation, a dropped connection, a body cut short or a silence past
 * `silenceTimeoutMs` does not end the answer: the client reconnects with `GET <url>/<id>` and
 * `Last-Event-ID`, never POSTs again, drops any event it already has, and carries on, so the text
 * and `result` are as if nothing happened. Only when that is impossible does `result` reject with
 * a {@link NetworkError} or {@link TruncatedStreamError}.
 *
 * @example
 * const stream = streamChat('https://api.example.com/chat', {
 *   messages: [{ role: 'user', content: 'Explain SSE in one sentence.' }],
 * }, {
 *   onText: (_delta, text) => { element.textContent = text; },
 *   onStatusChange: (status) => { banner.hidden = status !== 'reconnecting'; },
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
  // Serialised up front: an unserialisable body is a programming error, thrown synchronously.
  const payload = JSON.stringify(body);
  return createChatStream({ url, payload }, options);
}
