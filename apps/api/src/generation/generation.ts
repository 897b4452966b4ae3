import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  createSseParser,
  encodeEvent,
  type FinishReason,
  type SseMessage,
  type SseParser,
  type TokenwireEvent,
  type Usage,
} from '@tokenwire/protocol';
import type OpenAI from 'openai';
import type { ChatRequest } from '../chat/chat-request-schema.js';
import { ApiError } from '../http/api-error.js';
import { NODE_BODY, type NodeFetchResponse } from '../upstream/create-node-fetch.js';
import { type ContentSpan, scanContentChunk } from '../upstream/scan-content-chunk.js';
import { createReplayBuffer } from './create-replay-buffer.js';
import { encodeDeltaFrame } from './encode-delta-frame.js';
import type { Frame } from './frame.js';
import type { GenerationSubscriber } from './generation-subscriber.js';
import { mapFinishReason } from './map-finish-reason.js';
import { mapUpstreamError } from './map-upstream-error.js';
import type { ReplayBuffer } from './replay-buffer.js';

/** Why a generation was stopped from outside. */
export type AbortReason = 'client_closed' | 'server_shutdown';

/** Where a generation is in its life. */
export type GenerationState = 'created' | 'connecting' | 'streaming' | 'finished' | 'failed';

/** What a {@link Generation} needs. */
export interface GenerationOptions {
  client: OpenAI;
  request: ChatRequest;
  /** The model to call (the request's, or the configured default). */
  model: string;
  /** Longest wait for the upstream's headers, and for its next chunk. */
  timeoutMs: number;
  /** The SDK's retries before the first byte. */
  maxRetries: number;
  /** Keep the answer's text (for `LOG_CONTENT=1`); off, a token costs no string concatenation. */
  collectText?: boolean;
  /**
   * Where frames are kept for a reader that attaches late or reconnects. Default: an in-memory
   * buffer of capacity 0, which keeps nothing — no route replays yet.
   */
  replayBuffer?: ReplayBuffer;
}

interface ReadResult {
  failure: unknown;
  /** The body was read to its end (the connection can be reused). */
  isBodyDone: boolean;
}

/** The subset of an OpenAI chat-completions chunk the generation reads. */
interface UpstreamChunk {
  choices?: Array<{ delta?: { content?: string | null } | null; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: unknown;
}

const SHUTDOWN_EVENT: TokenwireEvent = {
  type: 'error',
  code: 'server_shutdown',
  message: 'The server is restarting; please retry.',
  retryable: true,
};

/**
 * One answer being generated: the upstream call, its AbortController, its seq counter and its
 * {@link ReplayBuffer}. It is separate from the HTTP response that happens to read it — a
 * {@link GenerationSubscriber} — so a later reconnect can replay what the buffer kept from a
 * `Last-Event-ID` and read on. Today the route subscribes before the first frame and aborts the
 * generation as soon as its only reader goes away, so the default buffer keeps nothing: a frame
 * is garbage once written, and a long answer to a slow reader costs no more memory than a short one.
 *
 * Per token the work is a read, a scan and a write: the upstream body's bytes (the Node stream
 * behind the SDK's raw response, see `createNodeFetch`; a plain reader loop for any other fetch)
 * go into the protocol's SSE parser, which hands a whole `data:` message over as bytes; a plain
 * content chunk is recognised by `scanContentChunk` and its content literal copied into the
 * frame (`encodeDeltaFrame`) — no decoding, no `JSON.parse`, no string per token. Any other
 * chunk (role, finish, usage, errors, anything unusual) is decoded and `JSON.parse`d, and gives
 * the same event and the same bytes it would through the fast path. Frames go straight to the
 * subscriber. When the subscriber reports it is full, reading the upstream stops until
 * {@link Generation.resume} — backpressure reaches the model's socket.
 *
 * @example
 * const generation = new Generation({ client, request, model: 'gpt-4o-mini', timeoutMs: 60_000, maxRetries: 2 });
 * await generation.connect(); // throws ApiError before the first byte
 * generation.subscribe(subscriber);
 * await generation.run();
 */
export class Generation {
  readonly id: string = `gen_${randomUUID().replaceAll('-', '')}`;
  readonly model: string;
  /** The frames kept for replay (by seq); bounded, see {@link GenerationOptions.replayBuffer}. */
  readonly replayBuffer: ReplayBuffer;
  state: GenerationState = 'created';
  /** Set once the generation was stopped from outside. */
  abortReason: AbortReason | undefined;
  finishReason: FinishReason | undefined;
  usage: Usage | undefined;
  /** The `error` event's code when the generation failed after its first byte. */
  errorCode: string | undefined;
  /** `text-delta` events produced. */
  deltaCount = 0;
  /** `performance.now()` of the first `text-delta`. */
  firstDeltaAt: number | undefined;
  /** The answer so far, only with `collectText`. */
  text = '';

  readonly #options: GenerationOptions;
  readonly #controller = new AbortController();
  #response: NodeFetchResponse | undefined;
  /** Restarts a paused Node body. */
  #resumeBody: (() => void) | undefined;
  #subscriber: GenerationSubscriber | undefined;
  #isOver = false;
  #isPaused = false;
  #wake: (() => void) | undefined;
  #hasDone = false;
  #upstreamFinishReason: FinishReason | undefined;
  #lastReadAt = 0;
  #watchdog: ReturnType<typeof setTimeout> | undefined;
  #nextSeq = 0;
  readonly #contentSpan: ContentSpan = { start: 0, end: 0 };

  constructor(options: GenerationOptions) {
    this.#options = options;
    this.model = options.model;
    this.replayBuffer = options.replayBuffer ?? createReplayBuffer();
  }

  /** The seq the next frame will get (= frames produced so far). */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** True once `finish` or `error` was produced. */
  get isOver(): boolean {
    return this.#isOver;
  }

  /**
   * Sends the upstream request and waits for its response headers (the SDK retries before
   * this point). Throws an {@link ApiError} the route answers with a status, since no byte of
   * the stream has been sent yet; if the generation was aborted meanwhile, check `abortReason`.
   */
  async connect(): Promise<void> {
    const { client, request, timeoutMs, maxRetries } = this.#options;
    this.state = 'connecting';
    try {
      const response = (await client.chat.completions
        .create(
          {
            model: this.model,
            messages: request.messages,
            stream: true,
            stream_options: { include_usage: true },
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
            ...(request.max_tokens === undefined ? {} : { max_tokens: request.max_tokens }),
          },
          { signal: this.#controller.signal, timeout: timeoutMs, maxRetries },
        )
        .asResponse()) as NodeFetchResponse;
      // `body` only when there is no Node stream: asking for it builds a web stream.
      if (response[NODE_BODY] === undefined && response.body === null) {
        throw new ApiError(502, 'upstream_unavailable', 'The model provider sent no stream.', {
          retryable: true,
        });
      }
      this.#response = response;
    } catch (error) {
      this.state = 'failed';
      throw mapUpstreamError(error);
    }
  }

  /**
   * Attaches the reader and replays the frames from `fromSeq` on (default 0: all of them), then
   * streams on. Returns `false`, attaching nothing, when the replay buffer no longer keeps them:
   * a reader must never see a gap. One reader at a time, today.
   */
  subscribe(subscriber: GenerationSubscriber, fromSeq = 0): boolean {
    const missed = fromSeq === this.#nextSeq ? [] : this.replayBuffer.framesFrom(fromSeq);
    if (missed === undefined) return false;
    this.#subscriber = subscriber;
    for (const frame of missed) subscriber.write(frame);
    if (this.#isOver) subscriber.end();
    else subscriber.flush();
    return true;
  }

  /** Detaches the reader; the generation keeps what its replay buffer holds. */
  unsubscribe(subscriber: GenerationSubscriber): void {
    if (this.#subscriber === subscriber) this.#subscriber = undefined;
    this.resume();
  }

  /** The reader has room again (its `drain`): read on. */
  resume(): void {
    if (!this.#isPaused) return;
    this.#isPaused = false;
    this.#lastReadAt = Date.now();
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
    this.#resumeBody?.();
  }

  /**
   * Stops the generation and its upstream request at once. A client that left gets a
   * `finish` with reason `abort` in the log; a shutdown ends the stream with `server_shutdown`.
   */
  abort(reason: AbortReason): void {
    if (this.abortReason !== undefined || this.#isOver || this.state === 'failed') return;
    this.abortReason = reason;
    if (this.state === 'streaming') {
      this.#end(
        reason === 'server_shutdown' ? SHUTDOWN_EVENT : { type: 'finish', reason: 'abort' },
      );
    }
    this.#controller.abort(reason);
    this.resume();
  }

  /** Emits `start`, then streams the upstream until `finish` or `error`. Never rejects. */
  async run(): Promise<void> {
    const response = this.#response;
    if (response === undefined || this.state !== 'connecting') return;
    this.state = 'streaming';
    this.#emit({ type: 'start', id: this.id, model: this.model });
    this.#subscriber?.flush();

    const parser = createSseParser({
      onMessage: this.#onMessage,
      onDataBytes: this.#onDataBytes,
    });
    this.#lastReadAt = Date.now();
    this.#armWatchdog(this.#options.timeoutMs);
    const nodeBody = response[NODE_BODY];
    const result =
      nodeBody === undefined
        ? await this.#readWebBody(response.body as ReadableStream<Uint8Array>, parser)
        : await this.#readNodeBody(nodeBody, parser);
    if (this.#watchdog !== undefined) clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
    // A body left half-read would hold its upstream socket open: aborting destroys it.
    if (!result.isBodyDone) this.#controller.abort();
    const { failure } = result;
    if (this.#isOver) return;
    if (failure !== undefined) {
      this.#fail(
        failure instanceof ApiError
          ? failure
          : new ApiError(
              502,
              'upstream_unavailable',
              'The connection to the model provider was lost mid-answer.',
              { retryable: true, cause: failure },
            ),
      );
    } else if (this.#upstreamFinishReason !== undefined) {
      // Some compatible servers end without `[DONE]`; a finish_reason already said it was over.
      this.#finish();
    } else {
      this.#fail(
        new ApiError(
          502,
          'upstream_unavailable',
          'The model provider ended the answer before finishing it.',
          { retryable: true },
        ),
      );
    }
  }

  /**
   * The hot path: plain `data` events, no promise per chunk. Reads on after `[DONE]` until the
   * body ends, so the keep-alive agent can reuse the upstream connection.
   */
  #readNodeBody(stream: Readable, parser: SseParser): Promise<ReadResult> {
    return new Promise((resolve) => {
      let isSettled = false;
      const settle = (failure: unknown, isBodyDone: boolean) => {
        if (isSettled) return;
        isSettled = true;
        this.#resumeBody = undefined;
        stream.off('data', onData);
        stream.off('end', onEnd);
        stream.off('error', onError);
        stream.off('close', onClose);
        resolve({ failure, isBodyDone });
      };
      const onData = (chunk: Buffer) => {
        if (this.#isOver) return;
        this.#lastReadAt = Date.now();
        try {
          parser.feed(chunk);
        } catch (error) {
          settle(error, false);
          return;
        }
        this.#subscriber?.flush();
        if (this.#isPaused) stream.pause();
      };
      const onEnd = () => {
        try {
          parser.end();
        } catch (error) {
          settle(error, true);
          return;
        }
        settle(undefined, true);
      };
      const onError = (error: unknown) => settle(error, false);
      const onClose = () => settle(new Error('The upstream body closed early.'), false);
      stream.on('data', onData);
      stream.once('end', onEnd);
      stream.once('error', onError);
      stream.once('close', onClose);
      this.#resumeBody = () => stream.resume();
    });
  }

  /** For a fetch other than ours: a plain reader loop over the web stream. */
  async #readWebBody(body: ReadableStream<Uint8Array>, parser: SseParser): Promise<ReadResult> {
    const reader = body.getReader();
    try {
      for (;;) {
        const result = await reader.read();
        if (result.done) {
          parser.end();
          return { failure: undefined, isBodyDone: true };
        }
        if (this.#isOver) continue;
        this.#lastReadAt = Date.now();
        // A Buffer view, no copy: the fast path copies content bytes with Buffer#copy.
        const { buffer, byteOffset, byteLength } = result.value;
        parser.feed(Buffer.from(buffer, byteOffset, byteLength));
        this.#subscriber?.flush();
        if (this.#isPaused) await this.#waitForResume();
      }
    } catch (error) {
      return { failure: error, isBodyDone: false };
    } finally {
      reader.releaseLock();
    }
  }

  /**
   * The fast path for a whole `data:` message (see `onDataBytes`): a plain content chunk becomes
   * its frame here; `false` sends anything else to {@link Generation.#onMessage}.
   */
  readonly #onDataBytes = (bytes: Uint8Array, start: number, end: number): boolean => {
    if (this.#isOver) return true;
    const span = this.#contentSpan;
    if (!scanContentChunk(bytes, start, end, span)) return false;
    if (this.deltaCount++ === 0) this.firstDeltaAt = performance.now();
    // The parser hands back the chunk it was fed, and the generation feeds it Buffers only.
    const chunk = bytes as Buffer;
    if (this.#options.collectText) {
      this.text += JSON.parse(chunk.toString('utf8', span.start, span.end)) as string;
    }
    const seq = this.#nextSeq++;
    this.#write(seq, encodeDeltaFrame(seq, chunk, span.start, span.end));
    return true;
  };

  readonly #onMessage = (message: SseMessage): void => {
    if (this.#isOver) return;
    const data = message.data;
    if (data === '[DONE]') {
      this.#hasDone = true;
      this.#finish();
      return;
    }
    let chunk: UpstreamChunk;
    try {
      chunk = JSON.parse(data) as UpstreamChunk;
    } catch (error) {
      throw new ApiError(502, 'upstream_unavailable', 'The model provider sent malformed data.', {
        retryable: true,
        cause: error,
      });
    }
    if (chunk.error !== undefined && chunk.error !== null) {
      throw new ApiError(502, 'upstream_unavailable', 'The model provider failed mid-answer.', {
        retryable: true,
        cause: chunk.error,
      });
    }
    const choice = chunk.choices?.[0];
    if (choice !== undefined) {
      const content = choice.delta?.content;
      if (typeof content === 'string' && content.length > 0) {
        if (this.deltaCount++ === 0) this.firstDeltaAt = performance.now();
        if (this.#options.collectText) this.text += content;
        this.#emit({ type: 'text-delta', delta: content });
      }
      const reason = choice.finish_reason;
      if (typeof reason === 'string') this.#upstreamFinishReason = mapFinishReason(reason);
    }
    const usage = chunk.usage;
    if (usage) {
      this.usage = {
        promptTokens: usage.prompt_tokens ?? 0,
        completionTokens: usage.completion_tokens ?? 0,
      };
    }
  };

  #emit(event: TokenwireEvent): void {
    const seq = this.#nextSeq++;
    this.#write(seq, encodeEvent(event, seq));
  }

  #write(seq: number, frame: Frame): void {
    this.replayBuffer.append(seq, frame);
    const subscriber = this.#subscriber;
    if (subscriber !== undefined && !subscriber.write(frame)) this.#isPaused = true;
  }

  #finish(): void {
    this.finishReason = this.#upstreamFinishReason ?? (this.#hasDone ? 'stop' : undefined);
    const reason = this.finishReason ?? 'stop';
    this.#end(
      this.usage === undefined
        ? { type: 'finish', reason }
        : { type: 'finish', reason, usage: this.usage },
    );
  }

  #fail(error: ApiError): void {
    this.#end({
      type: 'error',
      code: error.code,
      message: error.message,
      retryable: error.retryable,
    });
  }

  #end(event: TokenwireEvent): void {
    if (this.#isOver) return;
    this.#isOver = true;
    if (event.type === 'finish') {
      this.state = 'finished';
      this.finishReason = event.reason;
    } else if (event.type === 'error') {
      this.state = 'failed';
      this.errorCode = event.code;
    }
    this.#emit(event);
    this.#subscriber?.end();
    // Once over, a paused loop has nothing left to wait for.
    this.resume();
  }

  #waitForResume(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#isPaused) this.#wake = resolve;
      else resolve();
    });
  }

  #armWatchdog(delay: number): void {
    this.#watchdog = setTimeout(this.#onWatchdog, delay);
  }

  // One timer per generation, re-armed only when it fires: a token costs a clock read, not a timer.
  readonly #onWatchdog = (): void => {
    this.#watchdog = undefined;
    if (this.#isOver) {
      // Over, but the upstream never ended its body after `[DONE]`: stop waiting for it.
      this.#controller.abort();
      return;
    }
    const { timeoutMs } = this.#options;
    const idle = Date.now() - this.#lastReadAt;
    // A paused generation is waiting for its reader, not for the model.
    if (this.#isPaused || idle < timeoutMs) {
      this.#armWatchdog(this.#isPaused ? timeoutMs : timeoutMs - idle);
      return;
    }
    this.#fail(
      new ApiError(
        502,
        'upstream_unavailable',
        `The model provider sent nothing for ${timeoutMs / 1000} s.`,
        { retryable: true },
      ),
    );
    this.#controller.abort('timeout');
  };
}
