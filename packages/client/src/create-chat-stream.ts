import { ProtocolError, type TokenwireEvent, type UnknownEvent } from '@tokenwire/protocol';
import { computeResumeDelay } from './compute-resume-delay.js';
import { createAnswerAccumulator } from './create-answer-accumulator.js';
import { createEventQueue } from './create-event-queue.js';
import { createGenerationUrl } from './create-generation-url.js';
import { createHttpError } from './create-http-error.js';
import { createSilenceTimer } from './create-silence-timer.js';
import { DecodeError } from './errors/decode-error.js';
import { GenerationError } from './errors/generation-error.js';
import type { HttpError } from './errors/http-error.js';
import { NetworkError } from './errors/network-error.js';
import { StreamAbortedError } from './errors/stream-aborted-error.js';
import { TokenwireError } from './errors/tokenwire-error.js';
import { TruncatedStreamError } from './errors/truncated-stream-error.js';
import { readEventStream } from './read-event-stream.js';
import type {
  ChatStream,
  ChatStreamStatus,
  FetchFunction,
  StreamChatOptions,
} from './stream-chat.js';
import type { ChatResult, PartialChatResult } from './types.js';

/** What {@link createChatStream} starts from. */
export interface ChatStreamSetup {
  /** The chat URL; a generation's own URL is this plus `/<id>`. */
  url: string | URL;
  /** JSON to POST first. Without it, the first request is already a resume of `seed.generationId`. */
  payload?: string | undefined;
  /** What an earlier connection delivered (at least `generationId` when there is no payload). */
  seed?: PartialChatResult | undefined;
}

/** The error an interruption ends with if resuming does not help, built when it is thrown. */
type Interruption = (resumeError?: HttpError) => NetworkError | TruncatedStreamError;

type AttemptOutcome =
  /** Settled, or stopped by the caller: nothing more to do. */
  | { kind: 'over' }
  /** A failure that resuming cannot fix. */
  | { kind: 'failed'; error: unknown }
  /** The connection broke or went silent: resumable. */
  | { kind: 'interrupted'; interruption: Interruption }
  /** The resume request got an HTTP error; worth another attempt only if `isRetryable`. */
  | { kind: 'refused'; error: HttpError; isRetryable: boolean }
  /** A custom `fetch` threw something that is not a network error (not a TypeError). */
  | { kind: 'broken'; cause: unknown };

const terminalTypes = new Set(['finish', 'error']);
const knownTypes = new Set([
  'start',
  'text-delta',
  'reasoning-delta',
  'tool-call-start',
  'tool-call-delta',
  'tool-call-end',
  'finish',
  'error',
]);

/**
 * The lifecycle behind {@link streamChat} and {@link resumeChat}: connects, hands each body to the
 * transport, resumes after an interruption with bounded backoff, settles `result`, and aborts.
 * What the events mean is the accumulator's job; reading bytes is `readEventStream`'s.
 */
export function createChatStream(setup: ChatStreamSetup, options: StreamChatOptions): ChatStream {
  const { signal } = options;
  const maxResumeAttempts = options.maxResumeAttempts ?? 5;
  const resumeDelayMs = options.resumeDelayMs ?? 250;
  const maxResumeDelayMs = options.maxResumeDelayMs ?? 4000;
  const silenceTimeoutMs = options.silenceTimeoutMs ?? 45_000;
  // Called as a plain function: `window.fetch` invoked as a method of another object throws
  // "Illegal invocation" in browsers.
  const fetchFunction: FetchFunction = (input, init) =>
    (options.fetch ?? globalThis.fetch)(input, init);

  const answer = createAnswerAccumulator(setup.seed);
  const queue = createEventQueue<TokenwireEvent>();
  let status: ChatStreamStatus = 'connecting';
  let hasSettled = false;
  let isReading = true;
  let hasTerminalEvent = false;
  let hasSentStop = false;
  let appliedCount = 0;
  /** Cancels whatever is in flight: a request, a body read, or the wait before a resume. */
  let cancelCurrent: ((reason?: unknown) => void) | undefined;
  let resolveResult: (value: ChatResult) => void = () => {};
  let rejectResult: (error: unknown) => void = () => {};
  const result = new Promise<ChatResult>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // Whoever only iterates never awaits `result`: mark it handled so a failure is not an
  // unhandled rejection. Awaiting it still rejects.
  result.catch(() => {});

  const settle = (): boolean => {
    if (hasSettled) return false;
    hasSettled = true;
    signal?.removeEventListener('abort', onSignalAbort);
    return true;
  };
  const setStatus = (next: ChatStreamStatus): void => {
    if (status === next) return;
    status = next;
    callBack(() => options.onStatusChange?.(next));
  };
  const succeed = (value: ChatResult): void => {
    if (!settle()) return;
    resolveResult(value);
    queue.close();
    setStatus('done');
  };
  const fail = (error: unknown): void => {
    if (!settle()) return;
    rejectResult(error);
    queue.fail(error);
    setStatus('done');
  };
  const stopReading = (reason?: unknown): void => {
    if (!isReading) return;
    isReading = false;
    cancelCurrent?.(reason);
  };
  /** Asks the server to stop the generation too: closing the connection is not a Stop (§11.4). */
  const sendStop = (): void => {
    const generationId = answer.generationId;
    if (options.stopOnAbort === false || generationId === undefined) return;
    if (hasTerminalEvent || hasSentStop) return;
    hasSentStop = true;
    const headers = new Headers(options.headers);
    headers.delete('content-type');
    // keepalive: the request outlives a page that is closing, as Stop on unload needs.
    const init: RequestInit = { method: 'POST', headers, keepalive: true };
    if (options.credentials !== undefined) init.credentials = options.credentials;
    const url = createGenerationUrl(setup.url, generationId, '/stop');
    // Fire and forget: the stream has already ended for this client, whatever Stop answers.
    const send = (): void => {
      Promise.resolve()
        .then(() => fetchFunction(url, init))
        .then((response) => response.body?.cancel())
        .catch(() => {});
    };
    // At once: a server that keeps generations for resuming (tokenwire's API, for
    // RESUME_GRACE_MS) does not take a closed connection as a Stop, and every moment of delay is
    // tokens the model goes on generating and billing.
    send();
  };
  const abort = (reason?: unknown): void => {
    if (hasSettled) {
      stopReading(reason);
      return;
    }
    sendStop();
    stopReading(reason);
    fail(
      new StreamAbortedError(
        answer.snapshot(),
        reason ?? new DOMException('This operation was aborted', 'AbortError'),
      ),
    );
  };
  function onSignalAbort(): void {
    abort(signal?.reason);
  }
  /** A callback that throws ends the stream with what it threw. */
  function callBack(callback: () => void): boolean {
    try {
      callback();
      return true;
    } catch (error) {
      // Thrown from onStatusChange('done'): the outcome is already out.
      if (hasSettled) return false;
      fail(error);
      sendStop();
      stopReading(error);
      return false;
    }
  }

  const handleEvent = (event: TokenwireEvent | UnknownEvent, seq: number | undefined): void => {
    if (hasSettled) return;
    const isKnown = knownTypes.has(event.type);
    if (
      isKnown &&
      event.type !== 'start' &&
      event.type !== 'error' &&
      answer.generationId === undefined
    ) {
      throw new ProtocolError('invalid_event', `A "${event.type}" event came before "start".`);
    }
    const update = answer.apply(event, seq);
    if (update.outcome === 'duplicate') return;
    if (update.outcome === 'gap') {
      throw new DecodeError(
        'sequence_gap',
        `Expected the event with id ${update.expectedSeq}, got ${seq}: the answer would have a hole.`,
        answer.snapshot(),
      );
    }
    appliedCount += 1;
    if (!isKnown) return;
    const known = event as TokenwireEvent;
    if (terminalTypes.has(known.type)) hasTerminalEvent = true;
    queue.push(known);
    const { toolCall } = update;
    const isDelivered = callBack(() => {
      options.onEvent?.(known);
      if (known.type === 'text-delta') options.onText?.(known.delta, answer.text);
      else if (known.type === 'reasoning-delta') {
        options.onReasoning?.(known.delta, answer.reasoning);
      } else if (toolCall !== undefined) {
        if (known.type === 'tool-call-start') options.onToolCallStart?.(toolCall);
        else if (known.type === 'tool-call-delta') options.onToolCallDelta?.(known.delta, toolCall);
        else if (known.type === 'tool-call-end') options.onToolCall?.(toolCall);
      }
    });
    if (!isDelivered) return;
    if (known.type === 'finish') {
      succeed({
        text: answer.text,
        reasoning: answer.reasoning,
        toolCalls: answer.toolCalls(),
        finishReason: known.reason,
        ...(known.usage === undefined ? {} : { usage: known.usage }),
        generationId: answer.generationId as string,
        model: answer.model ?? '',
        lastEventId: answer.lastEventId,
      });
    } else if (known.type === 'error') {
      fail(new GenerationError(known, answer.snapshot()));
    }
  };

  const attempt = async (isResume: boolean): Promise<AttemptOutcome> => {
    const attemptController = new AbortController();
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let isSilent = false;
    const silence = createSilenceTimer(silenceTimeoutMs, () => {
      isSilent = true;
      attemptController.abort();
      // cancel() settles a pending read() now, wherever the aborted fetch would only error later.
      reader?.cancel().catch(() => {});
    });
    cancelCurrent = (reason) => {
      silence.clear();
      attemptController.abort(reason);
      reader?.cancel(reason).catch(() => {});
    };
    const silenceInterruption: Interruption = (resumeError) =>
      new NetworkError(
        `No data for ${silenceTimeoutMs} ms: the connection is considered dead.`,
        answer.snapshot(),
        undefined,
        { code: 'silence_timeout', resumeError },
      );

    try {
      const headers = new Headers(options.headers);
      const init: RequestInit = { headers, signal: attemptController.signal };
      if (options.credentials !== undefined) init.credentials = options.credentials;
      let url: string | URL = setup.url;
      if (isResume) {
        url = createGenerationUrl(setup.url, answer.generationId as string);
        init.method = 'GET';
        headers.delete('content-type');
        // Without a last id the server replays from seq 0, start included (§11.1).
        if (answer.highestSeq === undefined) headers.delete('last-event-id');
        else headers.set('last-event-id', String(answer.highestSeq));
      } else {
        init.method = 'POST';
        init.body = setup.payload ?? null;
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      if (!headers.has('accept')) headers.set('accept', 'text/event-stream');

      let response: Response;
      try {
        response = await fetchFunction(url, init);
      } catch (error) {
        if (!isReading) return { kind: 'over' };
        if (isSilent) return { kind: 'interrupted', interruption: silenceInterruption };
        // The Fetch standard rejects with a TypeError on a network error; anything else came
        // from a custom fetch and is its own failure, not worth a retry.
        if (!(error instanceof TypeError)) return { kind: 'broken', cause: error };
        return {
          kind: 'interrupted',
          interruption: (resumeError) =>
            new NetworkError(`The request failed: ${describe(error)}`, answer.snapshot(), error, {
              resumeError,
            }),
        };
      }
      if (!isReading) {
        response.body?.cancel().catch(() => {});
        return { kind: 'over' };
      }
      if (!response.ok) {
        const error = await createHttpError(response, answer.snapshot());
        if (!isResume) return { kind: 'failed', error };
        // 404 generation_not_found and 410 resume_gap are final (§11.2); a 5xx may pass.
        const isFinal = response.status === 404 || response.status === 410;
        return { kind: 'refused', error, isRetryable: !isFinal && error.retryable };
      }
      const contentType = response.headers.get('content-type');
      // A missing Content-Type is tolerated (a hand-made Response in a test); a different one is
      // an HTML error page or JSON from something that is not a tokenwire endpoint.
      if (
        response.body === null ||
        (contentType !== null && !/text\/event-stream/i.test(contentType))
      ) {
        response.body?.cancel().catch(() => {});
        return {
          kind: 'failed',
          error: new DecodeError(
            'unexpected_response',
            `Expected an event stream, got ${response.body === null ? 'no body' : contentType}.`,
            answer.snapshot(),
          ),
        };
      }

      silence.touch();
      setStatus('streaming');
      if (!isReading) {
        // onStatusChange threw, or aborted the stream.
        response.body.cancel().catch(() => {});
        return { kind: 'over' };
      }
      reader = response.body.getReader();
      try {
        const ending = await readEventStream(reader, {
          onEvent: handleEvent,
          onBytes: silence.touch,
          isActive: () => isReading && !isSilent,
          maxEventSize: options.maxEventSize,
        });
        if (ending === 'stopped' && isSilent && isReading) {
          return { kind: 'interrupted', interruption: silenceInterruption };
        }
        return { kind: 'over' };
      } catch (error) {
        if (!isReading) return { kind: 'over' };
        if (isSilent) return { kind: 'interrupted', interruption: silenceInterruption };
        if (error instanceof TokenwireError) return { kind: 'failed', error };
        if (error instanceof ProtocolError) {
          if (error.code !== 'truncated') {
            return {
              kind: 'failed',
              error: new DecodeError(error.code, error.message, answer.snapshot(), error),
            };
          }
          return {
            kind: 'interrupted',
            interruption: (resumeError) =>
              new TruncatedStreamError(answer.snapshot(), error, resumeError),
          };
        }
        return {
          kind: 'interrupted',
          interruption: (resumeError) =>
            new NetworkError(
              `The connection failed during the answer: ${describe(error)}`,
              answer.snapshot(),
              error,
              { resumeError },
            ),
        };
      }
    } finally {
      silence.clear();
      cancelCurrent = undefined;
    }
  };

  /** Waits before a resume; false when the caller stopped meanwhile. */
  const wait = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        cancelCurrent = undefined;
        resolve(isReading);
      }, ms);
      cancelCurrent = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });

  const run = async (): Promise<void> => {
    let isResume = setup.payload === undefined;
    let interruption: Interruption | undefined;
    let attemptsWithoutProgress = 0;
    for (;;) {
      const appliedBefore = appliedCount;
      const outcome = await attempt(isResume);
      if (outcome.kind === 'over' || hasSettled || !isReading) return;
      if (outcome.kind === 'failed') {
        fail(outcome.error);
        stopReading();
        return;
      }
      if (outcome.kind === 'broken') {
        fail(
          interruption?.() ??
            new NetworkError(
              `The request failed: ${describe(outcome.cause)}`,
              answer.snapshot(),
              outcome.cause,
            ),
        );
        stopReading();
        return;
      }
      let resumeError: HttpError | undefined;
      if (outcome.kind === 'interrupted') interruption = outcome.interruption;
      else resumeError = outcome.error;
      // What the stream ends with if it cannot resume: the interruption (so a UI still says
      // "Interrupted"), with the refusal attached; a resumeChat refused at once has only the refusal.
      const finalError = (): unknown => interruption?.(resumeError) ?? resumeError;
      const canResume =
        answer.generationId !== undefined &&
        maxResumeAttempts > 0 &&
        (outcome.kind === 'interrupted' || outcome.isRetryable);
      if (appliedCount > appliedBefore) attemptsWithoutProgress = 0;
      attemptsWithoutProgress += 1;
      if (!canResume || attemptsWithoutProgress > maxResumeAttempts) {
        fail(finalError());
        stopReading();
        return;
      }
      // A Retry-After is honoured, but not past a minute: a UI saying "Reconnecting…" for an
      // hour is worse than an "Interrupted" with Retry.
      const delayMs = Math.max(
        Math.min(resumeError?.retryAfterMs ?? 0, 60_000),
        computeResumeDelay(attemptsWithoutProgress, resumeDelayMs, maxResumeDelayMs),
      );
      setStatus('reconnecting');
      const attemptNumber = attemptsWithoutProgress;
      const reconnectError = finalError() as TokenwireError;
      if (!callBack(() => options.onReconnect?.(attemptNumber, reconnectError))) return;
      if (!(await wait(delayMs))) return;
      isResume = true;
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
      return answer.text;
    },
    get reasoning() {
      return answer.reasoning;
    },
    get toolCalls() {
      return answer.toolCalls();
    },
    get generationId() {
      return answer.generationId;
    },
    get model() {
      return answer.model;
    },
    get lastEventId() {
      return answer.lastEventId;
    },
    get status() {
      return status;
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
