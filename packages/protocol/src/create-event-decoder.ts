import { createSseParser } from './create-sse-parser.js';
import type { TokenwireEvent, UnknownEvent } from './events.js';
import { parseEvent } from './parse-event.js';
import { ProtocolError } from './protocol-error.js';

/** Options for {@link createEventDecoder}. */
export interface EventDecoderOptions {
  /** Called for each protocol event, with its sequence number from the frame's `id`. */
  onEvent: (event: TokenwireEvent, seq: number | undefined) => void;
  /** Called for events of types this version does not know; they are skipped otherwise. */
  onUnknownEvent?: (event: UnknownEvent, seq: number | undefined) => void;
  /** The largest event, in characters of its frame. Default 1 MiB. */
  maxEventSize?: number;
}

/** An incremental protocol decoder: bytes in any chunking → typed events. */
export interface EventDecoder {
  /** Decodes a chunk cut anywhere, even inside a multi-byte character or a CRLF. */
  push(chunk: Uint8Array | string): void;
  /** The body ended. Throws {@link ProtocolError} `truncated` unless `finish` or `error` came. */
  end(): void;
  /** The `id` of the last frame decoded, to send as `Last-Event-ID` when resuming. */
  readonly lastEventId: string | undefined;
  /** True once `finish` or `error` has been decoded. */
  readonly hasEnded: boolean;
}

/**
 * Creates a push decoder for protocol v1. Throws {@link ProtocolError} from `push` for an
 * oversized, malformed or invalid event, and from `end` for a truncated stream.
 * Anything after the terminal event is ignored: `finish` and `error` are final.
 *
 * @example
 * const decoder = createEventDecoder({
 *   onEvent: (event) => {
 *     if (event.type === 'text-delta') output.append(event.delta);
 *   },
 * });
 * for await (const chunk of response.body) decoder.push(chunk);
 * decoder.end();
 */
export function createEventDecoder(options: EventDecoderOptions): EventDecoder {
  const { onEvent, onUnknownEvent } = options;
  let lastEventId: string | undefined;
  let hasEnded = false;

  const parser = createSseParser({
    maxEventSize: options.maxEventSize,
    onMessage(message) {
      if (hasEnded) return;
      lastEventId = message.id;
      const seq = message.id === undefined ? undefined : Number(message.id);
      // A named SSE event is not a v1 frame: a future version's, to be skipped like an unknown type.
      if (message.event !== undefined && message.event !== 'message') {
        onUnknownEvent?.({ type: message.event, data: message.data }, seq);
        return;
      }
      const event = parseEvent(message.data);
      switch (event.type) {
        case 'start':
        case 'text-delta':
          onEvent(event as TokenwireEvent, seq);
          return;
        case 'finish':
        case 'error':
          hasEnded = true;
          onEvent(event as TokenwireEvent, seq);
          return;
        default:
          onUnknownEvent?.(event as UnknownEvent, seq);
      }
    },
  });

  return {
    push(chunk) {
      parser.feed(chunk);
    },
    end() {
      parser.end();
      if (!hasEnded) {
        throw new ProtocolError(
          'truncated',
          'The stream ended before the answer was complete (no finish or error event).',
        );
      }
    },
    get lastEventId() {
      return lastEventId;
    },
    get hasEnded() {
      return hasEnded;
    },
  };
}
