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
import type { FrameSource } from './generation/frame-source.js';
import {
  type AbortReason,
  Generation,
  type GenerationOptions,
  type GenerationState,
} from './generation/generation.js';
import { EndedAnswer } from './resume/ended-answer.js';
import type { WriteBatching } from './sinks/create-frame-writer.js';
import { type NodeResponseLike, pipeToNodeResponse } from './sinks/pipe-to-node-response.js';
import { readEvents } from './sinks/read-events.js';
import { toResponse } from './sinks/to-response.js';
import type { StreamError } from './stream-error.js';
import type { SendCompletionRequest } from './upstream/send-completion-request.js';
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
  /**
   * How each attempt is sent. Default: the SDK's `chat.completions.create`. `createNodeFetch()`'s
   * `sendRequest` (from `@tokenwire/server/node`) sends the request the SDK builds for `client`,
   * without the SDK's per-request work, when `client` sends through that fetch.
   */
  sendRequest?: SendCompletionRequest | undefined;
}

/** Options for {@link CompletionStream.toResponse} and {@link CompletionStream.pipeToNodeResponse}. */
export interface ResponseOptions {
  /**
   * Headers besides the protocol's (CORS, for one), on the stream and on an error answer; one the
   * answer sets itself (`Content-Type`, …), in any case, gives way to it.
   */
  headers?: Record<string, string> | undefined;
}

/** Options for {@link CompletionStream.pipeToNodeResponse}. */
export interface NodeResponseOptions extends ResponseOptions {
  /**
   * Write each frame as its own HTTP chunk straight to the socket (one `socket.write` for the
   * frames of one event-loop turn) when the response is Node's own chunked HTTP/1.1 response with
   * nothing queued of its own (default `true`), instead of `response.write`'s cork, four queued
   * writes and uncork per frame. A response whose `write` a
   * middleware patched (compression), an HTTP/1.0 or HTTP/2 one goes through `response.write`
   * anyway; `false` always does. Same bytes either way. Separate from `fastPath`, which is how
   * upstream chunks are read.
   */
  directWrites?: boolean | undefined;
  /**
   * When the frames written straight to the socket leave. `'turn'` (default): once the event
   * loop has run the turn's I/O callbacks (its check phase), every stream's together, which
   * costs the process less CPU per token under load; frames wait for the rest of the turn's
   * reads, except a stream's first direct batch (at its callback's end) and, in a long turn,
   * frames that have waited 2 ms. `'callback'`: at the end of the I/O callback that wrote them
   * (a microtask). A host without `setImmediate` always does `'callback'`. Code that runs long
   * work from `setImmediate` calls `flushFrameWrites()` (`@tokenwire/server/node`) first.
   */
  writeBatching?: WriteBatching | undefined;
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
  readonly #source: FrameSource;
  // Its figures: a generation here, or what the registry keeps of one that ended.
  readonly #generation: Generation | EndedAnswer | undefined;
  readonly #id: string;
  readonly #connected: Promise<StreamError | undefined>;
  readonly #heartbeatMs: number;
  readonly #fromSeq: number;
  #isConsumed = false;

  /** @internal Use {@link streamCompletion}, or a registry's `streamCompletion` and `resume`. */
  constructor(parts: CompletionStreamParts) {
    this.#source = parts.source;
    this.#generation =
      parts.source instanceof Generation || parts.source instanceof EndedAnswer
        ? parts.source
        : undefined;
    this.#id = parts.id;
    this.#connected = parts.connected;
    this.#heartbeatMs = parts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.#fromSeq = parts.fromSeq ?? 0;
  }

  /** The generation's id, as its `start` event carries it. */
  get id(): string {
    return this.#id;
  }

  /** The model called; empty for a stream followed from another replica. */
  get model(): string {
    return this.#generation?.model ?? '';
  }

  /** Where the generation is, when it runs here (`undefined` when followed from another replica). */
  get state(): GenerationState | undefined {
    return this.#generation?.state;
  }

  /** Why it was stopped from outside, if it was. */
  get abortReason(): AbortReason | undefined {
    return this.#generation?.abortReason;
  }

  get finishReason(): FinishReason | undefined {
    return this.#generation?.finishReason;
  }

  get usage(): Usage | undefined {
    return this.#generation?.usage;
  }

  /** The code it failed with, before or after the first byte. */
  get errorCode(): string | undefined {
    return this.#generation?.errorCode;
  }

  /** `text-delta` events so far. */
  get deltaCount(): number {
    return this.#generation?.deltaCount ?? 0;
  }

  /** `performance.now()` of the first `text-delta`. */
  get firstDeltaAt(): number | undefined {
    return this.#generation?.firstDeltaAt;
  }

  /** The answer so far, with `collectText`. */
  get text(): string {
    return this.#generation?.text ?? '';
  }

  /**
   * A web `Response` once the model has answered: `200` and the event stream, or the error's
   * status and `{"error":{"code","message"}}` (with `Retry-After` on a 429).
   */
  toResponse(options: ResponseOptions = {}): Promise<Response> {
    this.#consume();
    return toResponse(this.#source, this.#connected, {
      headers: options.headers,
      heartbeatMs: this.#heartbeatMs,
      fromSeq: this.#fromSeq,
    });
  }

  /**
   * Writes the answer to a Node response (Express's `res`, Fastify's `reply.raw`, `node:http`),
   * with backpressure down to the model's socket. Resolves once the response has ended or closed.
   */
  pipeToNodeResponse(response: NodeResponseLike, options: NodeResponseOptions = {}): Promise<void> {
    this.#consume();
    return pipeToNodeResponse(this.#source, this.#connected, response, {
      headers: options.headers,
      heartbeatMs: this.#heartbeatMs,
      fromSeq: this.#fromSeq,
      directWrites: options.directWrites,
      writeBatching: options.writeBatching,
    });
  }

  /** The events, for any other host. A failure before the first byte is thrown as a `StreamError`. */
  get events(): AsyncIterable<TokenwireEvent> {
    this.#consume();
    return readEvents(this.#source, this.#connected, this.#fromSeq);
  }

  /** Stop: aborts the upstream call; readers get `finish` with reason `abort`. */
  abort(reason: AbortReason = 'stopped'): void {
    this.#source.abort(reason);
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
 * // A Web-standard route handler (Next.js, Hono, Bun, Deno):
 * async function POST(request: Request): Promise<Response> {
 *   const { messages } = await request.json();
 *   return streamCompletion({
 *     client: new OpenAI({ baseURL: 'http://localhost:11434/v1', apiKey: 'ollama' }),
 *     params: { model: 'llama3.2', messages },
 *     signal: request.signal,
 *   }).toResponse();
 * }
 */
export function streamCompletion(options: StreamCompletionOptions): CompletionStream {
  const generation = createGeneration(options);
  return new CompletionStream({
    source: generation,
    id: generation.id,
    connected: generation.connect(),
    heartbeatMs: options.heartbeatMs,
  });
}

/** What a {@link CompletionStream} reads, and from where. */
export interface CompletionStreamParts {
  source: FrameSource;
  id: string;
  /** Settles once the first byte can be sent, with the error to answer instead, if any. */
  connected: Promise<StreamError | undefined>;
  heartbeatMs?: number | undefined;
  /** The first seq to send (a resume). */
  fromSeq?: number | undefined;
}

/** @internal The generation behind {@link streamCompletion}, for registries that keep it. */
export function createGeneration(
  options: StreamCompletionOptions,
  extra: Partial<GenerationOptions> = {},
): Generation {
  const { client, params, signal } = options;
  // Not a spread followed by these two: Node 20's V8 builds that on a slow path (BENCHMARKS.md,
  // round 19).
  const streamingParams: ChatCompletionCreateParamsStreaming = Object.assign({}, params, {
    stream: true as const,
    stream_options: params.stream_options ?? { include_usage: true },
  });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const generation = new Generation({
    client,
    params: streamingParams,
    timeoutMs,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    readerTimeoutMs: options.readerTimeoutMs,
    fastPath: options.fastPath,
    collectText: options.collectText,
    openBody: options.openBody,
    sendRequest: options.sendRequest,
    ...extra,
  });
  if (signal !== undefined) {
    if (signal.aborted) generation.abort('client_closed');
    else signal.addEventListener('abort', () => generation.abort('client_closed'), { once: true });
  }
  return generation;
}
