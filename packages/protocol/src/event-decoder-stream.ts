import { createEventDecoder, type EventDecoderOptions } from './create-event-decoder.js';
import type { TokenwireEvent } from './events.js';

/** Options for {@link EventDecoderStream}. */
export type EventDecoderStreamOptions = Omit<EventDecoderOptions, 'onEvent'>;

/**
 * A `TransformStream` from response bytes to protocol events. The readable side errors with a
 * {@link ProtocolError} for a truncated, oversized or malformed stream.
 *
 * @example
 * const response = await fetch('/api/chat', { method: 'POST', body });
 * const reader = response.body!.pipeThrough(new EventDecoderStream()).getReader();
 * for (let step = await reader.read(); !step.done; step = await reader.read()) {
 *   if (step.value.type === 'text-delta') output.append(step.value.delta);
 * }
 */
export class EventDecoderStream extends TransformStream<Uint8Array | string, TokenwireEvent> {
  constructor(options: EventDecoderStreamOptions = {}) {
    let enqueue: (event: TokenwireEvent) => void = () => {};
    const decoder = createEventDecoder({ ...options, onEvent: (event) => enqueue(event) });
    super({
      start(controller) {
        enqueue = (event) => controller.enqueue(event);
      },
      transform(chunk) {
        decoder.push(chunk);
      },
      flush() {
        decoder.end();
      },
    });
  }
}
