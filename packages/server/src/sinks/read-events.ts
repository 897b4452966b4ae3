import { createEventDecoder, type TokenwireEvent } from '@tokenwire/protocol';
import type { FrameSource } from '../generation/frame-source.js';
import type { StreamError } from '../stream-error.js';

// Events decoded ahead of the consumer before the upstream is paused.
const HIGH_WATER_EVENTS = 256;

/**
 * The generation's events as an async iterator, for hosts that are neither Web nor Node HTTP
 * (a queue, a WebSocket, a test). A failure before the first byte is thrown by the first `next()`.
 * Leaving the loop early (`break`, `return`) aborts the upstream.
 */
export async function* readEvents(
  generation: FrameSource,
  connected: Promise<StreamError | undefined>,
  fromSeq = 0,
): AsyncGenerator<TokenwireEvent, void, undefined> {
  const failure = await connected;
  if (failure !== undefined) throw failure;
  const queue: TokenwireEvent[] = [];
  let isEnded = false;
  let wake: (() => void) | undefined;
  const decoder = createEventDecoder({ onEvent: (event) => queue.push(event) });
  const subscriber = {
    write(frame: string | Uint8Array) {
      decoder.push(frame);
      const resolve = wake;
      wake = undefined;
      resolve?.();
      return queue.length < HIGH_WATER_EVENTS;
    },
    end() {
      isEnded = true;
      const resolve = wake;
      wake = undefined;
      resolve?.();
    },
  };
  if (!generation.subscribe(subscriber, fromSeq)) return;
  void generation.run();
  let index = 0;
  try {
    for (;;) {
      if (index < queue.length) {
        const event = queue[index++] as TokenwireEvent;
        if (index === queue.length) {
          queue.length = 0;
          index = 0;
          generation.resume(subscriber);
        }
        yield event;
        continue;
      }
      if (isEnded) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    generation.unsubscribe(subscriber);
  }
}
