import {
  DEFAULT_HEARTBEAT_MS,
  type FinishReason,
  type TokenwireEvent,
  type Usage,
} from '@tokenwire/protocol';
import type OpenAI from 'openai';
import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import { type AbortReason, Generation, type GenerationState } from './generation/generation.js';
import { type NodeResponseLike, pipeToNodeResponse } from './sinks/pipe-to-node-response.js';
import { readEvents } from './sinks/read-events.js';
import { toResponse } from './sinks/to-response.js';
import type { StreamError } from './stream-error.js';
import type { OpenUpstreamBody } from './upstream/upstream-body.js';

/** Options for {@link streamCompletion}. */
export interface StreamCompletionOptions {
  /** Any OpenAI-compatible server, through the official SDK. */
  client: OpenAI;
  /** `chat.completions.create` params; `stream` is forced on and usage is asked for. */
  params: Omit<ChatCompletionCreateParamsBase, 'stream'> & { stream?: boolean | null };
  /** Aborting it aborts the model call (pass the incoming request's signal). */
  signal?: AbortSignal | undefined;
  /** Silence after which a `: ping` comment keeps proxies from closing the stream. Default 15 s; 0 turns it off. */
  heartbeatMs?: number | undefined;
  /**
   * One deadline for everything before the first byte (retries and their waits included), and
   * the longest the model may stay silent after it. Default 60 s.
   */
  timeoutMs?: number | undefined;
  /** Retries before the first byte, within `timeoutMs`. Default 2. */
  maxRetries?: number | undefined;
  /** The longest the model's connection waits for a reader that takes nothing. Default `timeoutMs`. */
  readerTimeoutMs?: number | undefined;
  /** Copy plain content chunks without parsing them (default `true`); `false` parses every chunk. Same bytes either way. */
  fastPath?: boolean | undefined;
  /** Keep the answer's text in {@link CompletionStream.text}, for content logs. Default `false`. */
  collectText?: boolean | undefined;
  /** How the upstream body is read; `createNodeFetch().openBody` from `@tokenwire/server/node` pairs with its fetch. */
  openBody?: OpenUpstreamBody | undefined;
}

/** Options for {@link CompletionStream.toResponse} and {@link CompletionStream.pipeToNodeResponse}. */
export interface ResponseOptions {
  /** Headers besides the protocol's (CORS, for one), on the stream and on an error answer. */
  headers?: Record<string, string> | undefined;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 2;

/**
 * One model answer, on its way: read it as a web `Response`, pipe it to a Node response, or
 * iterate its events — one of the three, once. The upstream call starts at once.
 *
 * @example
 * const stream = streamCompletion({ client, params: { model: 'gpt-4o-mini', messages } });
 * const response = await stream.toResponse();
 */
export class CompletionStream {
  readonly #generation: Generation;
  readonly #connected: Promise<StreamError | undefined>;
  readonly #heartbeatMs: number;
  #isConsumed = false;

  /** @internal Use {@link streamCompletion}. */
  constructor(options: StreamCompletionOptions) {
    const { client, params, signal } = options;
    const streamingParams: ChatCompletionCreateParamsStreaming = {
      ...params,
      stream: true,
      stream_options: params.stream_options ?? { include_usage: true },
    };
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#generation = new Generation({
      client,
      params: streamingParams,
      timeoutMs,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      readerTimeoutMs: options.readerTimeoutMs,
      fastPath: options.fastPath,
      collectText: options.collectText,
      openBody: options.openBody,
    });
    this.#heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    if (signal !== undefined) {
      if (signal.aborted) this.#generation.abort('client_closed');
      else
        signal.addEventListener('abort', () => this.#generation.abort('client_closed'), {
          once: true,
        });
    }
    this.#connected = this.#generation.connect();
  }

  /** The generation's id, as its `start` event carries it. */
  get id(): string {
    return this.#generation.id;
  }

  get model(): string {
    return this.#generation.model;
  }

  get state(): GenerationState {
    return this.#generation.state;
  }

  /** Why it was stopped from outside, if it was. */
  get abortReason(): AbortReason | undefined {
    return this.#generation.abortReason;
  }

  get finishReason(): FinishReason | undefined {
    return this.#generation.finishReason;
  }

  get usage(): Usage | undefined {
    return this.#generation.usage;
  }

  /** The code it failed with, before or after the first byte. */
  get errorCode(): string | undefined {
    return this.#generation.errorCode;
  }

  /** `text-delta` events so far. */
  get deltaCount(): number {
    return this.#generation.deltaCount;
  }

  /** `performance.now()` of the first `text-delta`. */
  get firstDeltaAt(): number | undefined {
    return this.#generation.firstDeltaAt;
  }

  /** The answer so far, with `collectText`. */
  get text(): string {
    return this.#generation.text;
  }

  /**
   * A web `Response` once the model has answered: `200` and the event stream, or the error's
   * status and `{"error":{"code","message"}}` (with `Retry-After` on a 429).
   */
  toResponse(options: ResponseOptions = {}): Promise<Response> {
    this.#consume();
    return toResponse(this.#generation, this.#connected, {
      headers: options.headers,
      heartbeatMs: this.#heartbeatMs,
    });
  }

  /**
   * Writes the answer to a Node response (Express's `res`, Fastify's `reply.raw`, `node:http`),
   * with backpressure down to the model's socket. Resolves once the response has ended or closed.
   */
  pipeToNodeResponse(response: NodeResponseLike, options: ResponseOptions = {}): Promise<void> {
    this.#consume();
    return pipeToNodeResponse(this.#generation, this.#connected, response, {
      headers: options.headers,
      heartbeatMs: this.#heartbeatMs,
    });
  }

  /** The events, for any other host. A failure before the first byte is thrown as a `StreamError`. */
  get events(): AsyncIterable<TokenwireEvent> {
    this.#consume();
    return readEvents(this.#generation, this.#connected);
  }

  /** Stop: aborts the upstream call; readers get `finish` with reason `abort`. */
  abort(reason: AbortReason = 'stopped'): void {
    this.#generation.abort(reason);
  }

  #consume(): void {
    if (this.#isConsumed)
      throw new Error('A stream is read once: toResponse(), pipeToNodeResponse() or events.');
    this.#isConsumed = true;
  }
}

/**
 * Streams an OpenAI-compatible chat completion as tokenwire protocol events, for any backend.
 * The model call starts at once; a failure before its first byte becomes an HTTP error answer
 * (429 `upstream_rate_limited` with `Retry-After`, 502 `upstream_auth`, `upstream_unavailable`,
 * `upstream_rejected`), one after it an `error` event. Stop (`abort()`, the `signal`, or the
 * client going away) aborts the model call at once. Secrets never appear in either.
 *
 * @example
 * import OpenAI from 'openai';
 * import { streamCompletion } from '@tokenwire/server';
 *
 * const client = new OpenAI({ baseURL: 'http://localhost:11434/v1', apiKey: 'ollama' });
 * export async function POST(request: Request): Promise<Response> {
 *   const { messages } = await request.json();
 *   const stream = streamCompletion({
 *     client,
 *     params: { model: 'llama3.2', messages },
 *     signal: request.signal,
 *   });
 *   return await stream.toResponse();
 * }
 */
export function streamCompletion(options: StreamCompletionOptions): CompletionStream {
  return new CompletionStream(options);
}
