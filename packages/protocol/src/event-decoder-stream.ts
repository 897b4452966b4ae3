import {
  createEventDecoder,
  type EventDecoder,
  type EventDecoderOptions,
} from './create-event-decoder.js';
import type { TokenwireEvent } from './events.js';

/**
 * Options for {@link EventDecoderStream}: those of {@link createEventDecoder} but `onEvent`,
 * since events come out of the stream.
 *
 * @example
 * const options: EventDecoderStreamOptions = { maxEventSize: 4 * DEFAULT_MAX_EVENT_SIZE };
 */
export type EventDecoderStreamOptions = Omit<EventDecoderOptions, 'onEvent'>;

/**
 * A `TransformStream` from response bytes to protocol events. The readable side errors with a
 * {@link ProtocolError} for a truncated, oversized or malformed stream, after every event decoded
 * before the failure has been read.
 *
 * @example
 * const response = await fetch('/api/chat', { method: 'POST', body: '{}' });
 * const events = response.body!.pipeThrough(new EventDecoderStream());
 * const reader = events.getReader();
 * for (let step = await reader.read(); !step.done; step = await reader.read()) {
 *   if (step.value.type === 'text-delta') output.append(step.value.delta);
 * }
 */
export class EventDecoderStream extends TransformStream<Uint8Array | string, TokenwireEvent> {
  readonly #decoder: EventDecoder;

  constructor(options: EventDecoderStreamOptions = {}) {
    let controller: TransformStreamDefaultController<TokenwireEvent> | undefined;
    const decoder = createEventDecoder({
      ...options,
      onEvent: (event) => controller?.enqueue(event),
    });
    super({
      start(streamController) {
        controller = streamController;
      },
      transform(chunk, streamController) {
        try {
          decoder.push(chunk);
        } catch (error) {
          return failAfterQueuedEvents(streamController, error);
        }
      },
      flush(streamController) {
        try {
          decoder.end();
        } catch (error) {
          return failAfterQueuedEvents(streamController, error);
        }
      },
    });
    this.#decoder = decoder;
  }

  /** The `id` of the last frame decoded, to send as `Last-Event-ID` when resuming. */
  get lastEventId(): string | undefined {
    return this.#decoder.lastEventId;
  }

  /** True once `finish` or `error` has been decoded. */
  get hasEnded(): boolean {
    return this.#decoder.hasEnded;
  }
}

/**
 * Errors the stream once the reader has taken the events already queued. Erroring a
 * ReadableStream empties its queue (WHATWG Streams), which would drop the events decoded just
 * before the failure; no callback says when the queue drains, so this polls, backing off to 50 ms.
 */
async function failAfterQueuedEvents(
  controller: TransformStreamDefaultController<TokenwireEvent>,
  error: unknown,
): Promise<never> {
  let delay = 0;
  // desiredSize is negative while events wait (high-water mark 0), null once the stream errored.
  while ((controller.desiredSize ?? 0) < 0) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2 + 1, 50);
  }
  throw error;
}
