import type { FinishReason, TokenwireEvent, Usage } from '@tokenwire/protocol';
import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { SseFrame } from '../sse-frame.js';
import { StreamError } from '../stream-error.js';
import {
  type ChunkTranslator,
  createChunkTranslator,
} from '../translate/create-chunk-translator.js';
import { AbortLink } from '../upstream/abort-link.js';
import { readWebBody } from '../upstream/read-web-body.js';
import { requestCompletion } from '../upstream/request-completion.js';
import type { SendCompletionRequest } from '../upstream/send-completion-request.js';
import type { BodyReadResult, OpenUpstreamBody, UpstreamBody } from '../upstream/upstream-body.js';
import { createGenerationId } from './create-generation-id.js';
import { createReplayBuffer } from './create-replay-buffer.js';
import type { FrameSource } from './frame-source.js';
import type { GenerationSubscriber } from './generation-subscriber.js';
import type { ReplayBuffer } from './replay-buffer.js';

/**
 * Why a generation was stopped from outside: `stopped` (Stop: the app called `abort()`),
 * `client_closed` (its reader went away), `server_shutdown`.
 */
export type AbortReason = 'stopped' | 'client_closed' | 'server_shutdown';

/** Where a generation is in its life. */
export type GenerationState = 'created' | 'connecting' | 'streaming' | 'finished' | 'failed';

/** What a {@link Generation} needs. */
export interface GenerationOptions {
  client: OpenAI;
  /** The request, streaming, as the SDK takes it. */
  params: ChatCompletionCreateParamsStreaming;
  /** The one deadline before the first byte (retries included), and the longest upstream silence after it. */
  timeoutMs: number;
  /** Attempts after the first, within `timeoutMs`. */
  maxRetries: number;
  /** The longest the upstream may wait for a reader that takes nothing. Default `timeoutMs`. */
  readerTimeoutMs?: number | undefined;
  /** See `ChunkTranslatorOptions.fastPath`. */
  fastPath?: boolean | undefined;
  /** Keep the answer's text (for content logs). */
  collectText?: boolean | undefined;
  /** Opens the upstream body; default: a reader over `response.body`. */
  openBody?: OpenUpstreamBody | undefined;
  /** Sends each attempt; default: through the SDK. */
  sendRequest?: SendCompletionRequest | undefined;
  /** Where frames are kept for a reader that attaches late; default keeps nothing. */
  replayBuffer?: ReplayBuffer | undefined;
  /**
   * How long the generation runs on once its last reader has gone, waiting for one to attach
   * again (resume); then it is aborted as `client_closed`. Default 0: at once.
   */
  graceMs?: number | undefined;
  /** Its id; default a new one ({@link createGenerationId}). */
  id?: string | undefined;
  /** Runs once, after the terminal event was produced. */
  onEnd?: ((generation: Generation) => void) | undefined;
  /** Sees every frame as it is produced (a shared store's appender); never slows the generation. */
  tap?: ((seq: number, frame: SseFrame) => void) | undefined;
  /**
   * Asked when the grace period ends with no reader here: `true` (a reader follows from another
   * replica) grants another grace period.
   */
  hasRemoteReaders?: (() => Promise<boolean>) | undefined;
}

/** What a generation keeps of its options while it runs. */
type RunOptions = Omit<GenerationOptions, 'params'>;

const SHUTDOWN_MESSAGE = 'The server is restarting; please retry.';

/**
 * One answer being generated, apart from whoever reads it: the upstream call and its abort
 * ({@link AbortLink}), the translation of its body into frames ({@link createChunkTranslator}),
 * the watchdog, and one {@link GenerationSubscriber}. When the subscriber reports it is full, reading
 * the upstream stops until {@link Generation.resume} — backpressure reaches the model's socket.
 * One timer per generation bounds both the model's silence and a reader that takes nothing.
 *
 * @example
 * const generation = new Generation({ client, params, timeoutMs: 60_000, maxRetries: 2 });
 * const failure = await generation.connect(); // a StreamError to answer before the first byte
 * if (failure === undefined) {
 *   generation.subscribe(subscriber);
 *   await generation.run();
 * }
 */
export class Generation implements FrameSource {
  readonly id: string;
  readonly model: string;
  /** The frames kept for replay (by seq); bounded, see {@link GenerationOptions.replayBuffer}. */
  readonly replayBuffer: ReplayBuffer;
  state: GenerationState = 'created';
  /** Set once the generation was stopped from outside. */
  abortReason: AbortReason | undefined;
  finishReason: FinishReason | undefined;
  /** The `error` event's (or error answer's) code when the generation failed. */
  errorCode: string | undefined;

  // The request is let go once the model has answered; it is the one large thing in the options.
  // The rest, with the host's closures (tap, onEnd), goes once the generation is over.
  #options: RunOptions | undefined;
  #params: ChatCompletionCreateParamsStreaming | undefined;
  // Let go once the upstream body is done with: a signal made from it holds the SDK's controller.
  #abortLink: AbortLink | undefined = new AbortLink();
  /** Once the generation is over, only its figures (`release`). */
  readonly #translator: ChunkTranslator;
  #response: Response | undefined;
  #body: UpstreamBody | undefined;
  // Nearly every answer has one reader for its whole life: a field, and a Set only for more (a
  // Set and its table are ~170 B per answer, kept for the registry's TTL, and an iterator a token).
  #subscriber: GenerationSubscriber | undefined;
  #moreSubscribers: Set<GenerationSubscriber> | undefined;
  /** Subscribers whose last `write` said "full": reading waits until each has drained. */
  // Made when a reader first fills up: most answers never have one.
  #fullSubscribers: Set<GenerationSubscriber> | undefined;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;
  #isOver = false;
  #isPaused = false;
  // `performance.now()`: a step of the wall clock (NTP, a VM resumed) must not read as an hour of
  // silence and fail every open answer, and Node reads it without a call into V8's runtime.
  #pausedAt = 0;
  #lastReadAt = 0;
  #watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(options: GenerationOptions) {
    const { params, ...rest } = options;
    this.#options = rest;
    this.#params = params;
    this.id = options.id ?? createGenerationId();
    this.model = params.model;
    this.replayBuffer = options.replayBuffer ?? createReplayBuffer();
    this.#translator = createChunkTranslator({
      onFrame: this.#onFrame,
      fastPath: options.fastPath !== false,
      collectText: options.collectText === true,
    });
  }

  /** The seq the next frame will get (= frames produced so far). */
  get nextSeq(): number {
    return this.#translator.nextSeq;
  }

  /** True once `finish` or `error` was produced. */
  get isOver(): boolean {
    return this.#isOver;
  }

  get usage(): Usage | undefined {
    return this.#translator.usage;
  }

  /** `text-delta` events produced. */
  get deltaCount(): number {
    return this.#translator.deltaCount;
  }

  /** `performance.now()` of the first `text-delta`. */
  get firstDeltaAt(): number | undefined {
    return this.#translator.firstDeltaAt;
  }

  /** The answer so far, only with `collectText`. */
  get text(): string {
    return this.#translator.text;
  }

  /**
   * Sends the upstream request and waits for its response headers. Resolves with the
   * {@link StreamError} to answer with before the first byte, or `undefined` when the stream can
   * begin — also when it was stopped meanwhile, since a stopped stream still ends with `finish`.
   */
  async connect(): Promise<StreamError | undefined> {
    if (this.state !== 'created') throw new Error('connect() runs once.');
    this.state = 'connecting';
    const { client, timeoutMs, maxRetries, sendRequest } = this.#liveOptions();
    const abortLink = this.#liveAbortLink();
    const params = this.#params as ChatCompletionCreateParamsStreaming;
    try {
      this.#response = await requestCompletion({
        client,
        params,
        signal: abortLink,
        timeoutMs,
        maxRetries,
        send: sendRequest,
      });
      return undefined;
    } catch (error) {
      // Stopped: the stream still ends with `finish`; its reader gone: nobody is left to answer.
      if (this.abortReason === 'stopped' || this.abortReason === 'client_closed') return undefined;
      this.state = 'failed';
      abortLink.abort();
      const failure =
        this.abortReason === 'server_shutdown'
          ? new StreamError(503, 'server_shutdown', SHUTDOWN_MESSAGE, {
              retryable: true,
              retryAfterSeconds: 1,
            })
          : error instanceof StreamError
            ? error
            : new StreamError(500, 'internal_error', 'The server failed to start the answer.', {
                cause: error,
              });
      this.errorCode = failure.code;
      return failure;
    } finally {
      // Kept answers live for the registry's TTL: a long conversation's messages must not.
      this.#params = undefined;
    }
  }

  /** Readers attached now. */
  get subscriberCount(): number {
    return (this.#subscriber === undefined ? 0 : 1) + (this.#moreSubscribers?.size ?? 0);
  }

  /**
   * Attaches a reader and replays the frames from `fromSeq` on (default 0: all of them), then
   * streams on. Returns `false`, attaching nothing, when the replay buffer no longer keeps them:
   * a reader must never see a gap. Any number of readers; the slowest sets the pace.
   */
  subscribe(subscriber: GenerationSubscriber, fromSeq = 0): boolean {
    const nextSeq = this.#translator.nextSeq;
    const missed = fromSeq >= nextSeq ? [] : this.replayBuffer.framesFrom(fromSeq);
    if (missed === undefined || fromSeq > nextSeq) return false;
    this.#stopGrace();
    this.#addSubscriber(subscriber);
    let isFull = false;
    for (const frame of missed) isFull = !subscriber.write(frame) || isFull;
    if (this.#isOver) subscriber.end();
    else if (isFull) this.#pause(subscriber);
    return true;
  }

  /**
   * Detaches a reader; the generation keeps what its replay buffer holds. When it was the last,
   * the generation runs on for `graceMs`, then is aborted (at once with the default 0).
   */
  unsubscribe(subscriber: GenerationSubscriber): void {
    if (!this.#deleteSubscriber(subscriber)) return;
    this.resume(subscriber);
    if (this.subscriberCount > 0 || this.#isOver || this.state === 'failed') return;
    const graceMs = this.#options?.graceMs ?? 0;
    if (graceMs <= 0) {
      this.abort('client_closed');
      return;
    }
    this.#stopGrace();
    this.#armGrace(graceMs);
  }

  #addSubscriber(subscriber: GenerationSubscriber): void {
    if (subscriber === this.#subscriber) return;
    if (this.#subscriber === undefined && (this.#moreSubscribers?.size ?? 0) === 0) {
      this.#subscriber = subscriber;
      return;
    }
    this.#moreSubscribers ??= new Set();
    this.#moreSubscribers.add(subscriber);
  }

  #deleteSubscriber(subscriber: GenerationSubscriber): boolean {
    if (subscriber !== this.#subscriber) return this.#moreSubscribers?.delete(subscriber) ?? false;
    this.#subscriber = undefined;
    return true;
  }

  #armGrace(graceMs: number): void {
    this.#graceTimer = setTimeout(async () => {
      this.#graceTimer = undefined;
      if (this.subscriberCount > 0 || this.#isOver) return;
      const isReadElsewhere =
        (await this.#options?.hasRemoteReaders?.().catch(() => false)) === true;
      if (this.subscriberCount > 0 || this.#isOver) return;
      if (isReadElsewhere) this.#armGrace(graceMs);
      else this.abort('client_closed');
    }, graceMs);
  }

  /** A reader has room again (its `drain`, its `pull`); once every reader has, read on. */
  resume(subscriber?: GenerationSubscriber): void {
    if (subscriber === undefined) this.#fullSubscribers?.clear();
    else this.#fullSubscribers?.delete(subscriber);
    if (!this.#isPaused || (this.#fullSubscribers?.size ?? 0) > 0) return;
    this.#isPaused = false;
    this.#lastReadAt = performance.now();
    this.#body?.resume();
  }

  /**
   * Stops the generation and its upstream request at once. Its readers get `finish` with reason
   * `abort` (or, for a shutdown, a retryable `server_shutdown` error).
   */
  abort(reason: AbortReason = 'stopped'): void {
    if (this.abortReason !== undefined || this.#isOver || this.state === 'failed') return;
    this.abortReason = reason;
    if (this.state === 'streaming') this.#endByAbort();
    this.#abortLink?.abort(reason);
    this.resume();
  }

  /**
   * Emits `start`, then streams the upstream until `finish` or `error`. Never rejects.
   *
   * Not an async function: a stream open for minutes would keep two suspended frames (this and
   * the read's), their registers and promises, for its whole life.
   */
  run(): Promise<void> {
    if (this.state !== 'connecting') return Promise.resolve();
    this.state = 'streaming';
    const body = this.#openBody();
    if (body === undefined) {
      this.#letGoOfAbortLink();
      return Promise.resolve();
    }
    return body.read(this.#onChunk).then((result) => {
      try {
        this.#afterRead(result);
      } finally {
        this.#letGoOfAbortLink();
      }
    });
  }

  // Over and the body let go: an abort has nothing left to reach.
  #letGoOfAbortLink(): void {
    if (this.#isOver) this.#abortLink = undefined;
  }

  /** Emits `start` and opens the upstream body; `undefined` when the generation ended instead. */
  #openBody(): UpstreamBody | undefined {
    const options = this.#liveOptions();
    this.#translator.emit({ type: 'start', id: this.id, model: this.model });
    const response = this.#response;
    if (this.abortReason !== undefined || response === undefined) {
      this.#endByAbort();
      return undefined;
    }
    let body: UpstreamBody;
    this.#response = undefined;
    try {
      body = (options.openBody ?? openWebBody)(response);
    } catch (error) {
      this.#abortLink?.abort();
      this.#fail(asStreamError(error));
      return undefined;
    }
    this.#body = body;
    if (this.#isPaused) body.pause();
    this.#lastReadAt = performance.now();
    this.#armWatchdog(options.timeoutMs);
    return body;
  }

  #afterRead(result: BodyReadResult): void {
    this.#body = undefined;
    if (this.#watchdog !== undefined) clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
    // A body left half-read would hold its upstream socket open: aborting destroys it.
    if (!result.isBodyDone) this.#abortLink?.abort();
    if (this.#isOver) return;
    const { failure } = result;
    const translator = this.#translator;
    if (failure === undefined) {
      try {
        translator.end();
      } catch (error) {
        this.#fail(asStreamError(error));
        return;
      }
    }
    if (failure !== undefined) this.#fail(asStreamError(failure));
    else if (translator.hasDone || translator.finishReason !== undefined) {
      // Some compatible servers end without `[DONE]`; a finish_reason already said it was over.
      this.#finish();
    } else {
      this.#fail(
        new StreamError(
          502,
          'upstream_unavailable',
          'The model provider ended the answer before finishing it.',
          { retryable: true },
        ),
      );
    }
  }

  readonly #onChunk = (bytes: Uint8Array): void => {
    if (this.#isOver) return;
    this.#lastReadAt = performance.now();
    const translator = this.#translator;
    translator.feed(bytes);
    if (translator.hasDone && !this.#isOver) this.#finish();
  };

  readonly #onFrame = (seq: number, frame: SseFrame): void => {
    this.replayBuffer.append(seq, frame);
    this.#options?.tap?.(seq, frame);
    const subscriber = this.#subscriber;
    if (subscriber !== undefined && !subscriber.write(frame)) this.#pause(subscriber);
    const more = this.#moreSubscribers;
    if (more === undefined) return;
    for (const other of more) {
      if (!other.write(frame)) this.#pause(other);
    }
  };

  #pause(subscriber: GenerationSubscriber): void {
    this.#fullSubscribers ??= new Set();
    this.#fullSubscribers.add(subscriber);
    if (this.#isPaused) return;
    this.#isPaused = true;
    this.#pausedAt = performance.now();
    this.#body?.pause();
    // The watchdog sleeps for the model's bound; a shorter bound on the reader must wake it sooner.
    const { timeoutMs, readerTimeoutMs = timeoutMs } = this.#liveOptions();
    if (this.#watchdog !== undefined && readerTimeoutMs < timeoutMs) {
      clearTimeout(this.#watchdog);
      this.#armWatchdog(readerTimeoutMs);
    }
  }

  #endByAbort(): void {
    this.#end(
      this.abortReason === 'server_shutdown'
        ? { type: 'error', code: 'server_shutdown', message: SHUTDOWN_MESSAGE, retryable: true }
        : { type: 'finish', reason: 'abort' },
    );
  }

  #finish(): void {
    const translator = this.#translator;
    const reason = translator.finishReason ?? 'stop';
    const usage = translator.usage;
    this.#end(usage === undefined ? { type: 'finish', reason } : { type: 'finish', reason, usage });
  }

  #fail(error: StreamError): void {
    this.#end(error.toEvent());
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
    this.#translator.emit(event);
    // Its parser, decoder state and closures are not needed once the last frame is out.
    this.#translator.release();
    // Kept for the registry's TTL from now on: in two arrays of its own, not the translator's slabs.
    this.replayBuffer.seal();
    this.#response = undefined;
    this.#stopGrace();
    const subscriber = this.#subscriber;
    const more = this.#moreSubscribers;
    this.#subscriber = undefined;
    this.#moreSubscribers = undefined;
    subscriber?.end();
    if (more !== undefined) for (const other of more) other.end();
    // Once over, a paused read has nothing left to wait for.
    this.resume();
    const onEnd = this.#options?.onEnd;
    this.#options = undefined;
    onEnd?.(this);
  }

  #liveOptions(): RunOptions {
    if (this.#options === undefined) throw new Error('The generation is over.');
    return this.#options;
  }

  #liveAbortLink(): AbortLink {
    if (this.#abortLink === undefined) throw new Error('The generation is over.');
    return this.#abortLink;
  }

  #stopGrace(): void {
    if (this.#graceTimer === undefined) return;
    clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;
  }

  #armWatchdog(delay: number): void {
    this.#watchdog = setTimeout(Generation.#fireWatchdog, delay, this);
  }

  // The timer passes the generation: one function for all of them, not a closure per answer.
  static #fireWatchdog(generation: Generation): void {
    generation.#onWatchdog();
  }

  // One timer per generation, re-armed only when it fires: a token costs a clock read, not a timer.
  #onWatchdog(): void {
    this.#watchdog = undefined;
    if (this.#isOver) {
      // Over, but the upstream never ended its body after `[DONE]`: stop waiting for it.
      this.#abortLink?.abort();
      return;
    }
    const { timeoutMs } = this.#liveOptions();
    const now = performance.now();
    if (this.#isPaused) {
      // The model waits for a reader that takes nothing: bounded too, or idle sockets pin model slots.
      const { readerTimeoutMs = timeoutMs } = this.#liveOptions();
      const waited = now - this.#pausedAt;
      if (waited < readerTimeoutMs) {
        this.#armWatchdog(readerTimeoutMs - waited);
        return;
      }
      this.#fail(
        new StreamError(
          503,
          'reader_timeout',
          `The reader took nothing for ${readerTimeoutMs / 1000} s; the answer was stopped.`,
          { retryable: true },
        ),
      );
      this.#abortLink?.abort('reader_timeout');
      return;
    }
    const idle = now - this.#lastReadAt;
    if (idle < timeoutMs) {
      this.#armWatchdog(timeoutMs - idle);
      return;
    }
    this.#fail(
      new StreamError(
        502,
        'upstream_unavailable',
        `The model provider sent nothing for ${timeoutMs / 1000} s.`,
        { retryable: true },
      ),
    );
    this.#abortLink?.abort('timeout');
  }
}

function openWebBody(response: Response): UpstreamBody {
  const body = response.body;
  if (body === null)
    throw new StreamError(502, 'upstream_unavailable', 'The model provider sent no stream.', {
      retryable: true,
    });
  return readWebBody(body);
}

function asStreamError(error: unknown): StreamError {
  return error instanceof StreamError
    ? error
    : new StreamError(
        502,
        'upstream_unavailable',
        'The connection to the model provider was lost mid-answer.',
        { retryable: true, cause: error },
      );
}
