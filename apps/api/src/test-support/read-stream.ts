import { createSseParser, type TokenwireEvent } from '@tokenwire/protocol';

/** One protocol event as a test sees it. */
export interface ReceivedEvent {
  event: TokenwireEvent;
  seq: number;
  /** `performance.now()` when its bytes arrived. */
  at: number;
}

/** Everything a test reads from one protocol stream. */
export interface ReceivedStream {
  events: ReceivedEvent[];
  /** Heartbeat comments, with the time each arrived. */
  comments: Array<{ text: string; at: number }>;
  /** The `text-delta`s joined. */
  text: string;
  /** The last event, which must be `finish` or `error` unless the stream was truncated. */
  last: TokenwireEvent | undefined;
  raw: string;
}

/** Options for {@link readStream}. */
export interface ReadStreamOptions {
  /** Called per event as it arrives; return `true` to stop reading (the body is cancelled). */
  onEvent?: (event: TokenwireEvent, seq: number) => boolean | undefined;
  /** Called per comment as it arrives. */
  onComment?: (text: string) => void;
}

/**
 * Reads a protocol v1 response body to its end with the protocol's own SSE parser, keeping the
 * events, the heartbeats and the raw text, and checking seq grows by one from 0.
 */
export async function readStream(
  response: Response,
  options: ReadStreamOptions = {},
): Promise<ReceivedStream> {
  const received: ReceivedStream = { events: [], comments: [], text: '', last: undefined, raw: '' };
  let shouldStop = false;
  const parser = createSseParser({
    onMessage(message) {
      const seq = Number(message.id);
      if (seq !== received.events.length) {
        throw new Error(`seq ${message.id} out of order after ${received.events.length} events`);
      }
      const event = JSON.parse(message.data) as TokenwireEvent;
      received.events.push({ event, seq, at: performance.now() });
      received.last = event;
      if (event.type === 'text-delta') received.text += event.delta;
      if (options.onEvent?.(event, seq) === true) shouldStop = true;
    },
    onComment(text) {
      received.comments.push({ text, at: performance.now() });
      options.onComment?.(text);
    },
  });
  if (response.body === null) throw new Error('response has no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received.raw += decoder.decode(value, { stream: true });
    parser.feed(value);
    if (shouldStop) {
      await reader.cancel();
      break;
    }
  }
  parser.end();
  return received;
}
