import { createSseParser } from './create-sse-parser.js';
import type { TokenwireEvent, UnknownEvent } from './events.js';
import { parseEvent } from './parse-event.js';
import { ProtocolError } from './protocol-error.js';

/**
 * Options for {@link createEventDecoder}.
 *
 * @example
 * const options: EventDecoderOptions = {
 *   onEvent: (event, seq) => console.log(seq, event.type),
 *   onUnknownEvent: (event) => console.debug('skipped', event.type),
 *   maxEventSize: 4 * DEFAULT_MAX_EVENT_SIZE,
 * };
 */
export interface EventDecoderOptions {
  /**
   * Called for each protocol event, with its sequence number: the frame's `id` when it is a
   * decimal integer, otherwise undefined.
   */
  onEvent: (event: TokenwireEvent, seq: number | undefined) => void;
  /**
   * Called for events this version does not know, which are skipped otherwise: a JSON `type` it
   * does not define (the parsed object), or a frame with an SSE `event` name (`{ type: <name>,
   * data: <raw data> }`), which v1 never sends.
   */
  onUnknownEvent?: (event: UnknownEvent, seq: number | undefined) => void;
  /** The largest event, in characters of its frame. Default 1 MiB. */
  maxEventSize?: number;
}

/**
 * An incremental protocol decoder: bytes in any chunking → typed events.
 *
 * @example
 * const decoder: EventDecoder = createEventDecoder({ onEvent: () => {} });
 * decoder.push('id: 0\ndata: {"type":"finish","reason":"stop"}\n\n');
 * decoder.hasEnded; // true
 * decoder.lastEventId; // '0'
 */
export interface EventDecoder {
  /**
   * Decodes a chunk cut anywhere, even inside a multi-byte character or a CRLF. Throws
   * {@link ProtocolError} for an oversized, malformed or invalid event, and the same error again
   * on every later call. After `finish` or `error`, the rest of the input is ignored.
   */
  push(chunk: Uint8Array | string): void;
  /** The body ended. Throws {@link ProtocolError} `truncated` unless `finish` or `error` came. */
  end(): void;
  /** The `id` of the last frame decoded, to send as `Last-Event-ID` when resuming. */
  readonly lastEventId: string | undefined;
  /** True once `finish` or `error` has been decoded. */
  readonly hasEnded: boolean;
}

/** Thrown through the SSE parser to stop it once the terminal event is out; never escapes. */
const stopParsing: unique symbol = Symbol('stop parsing');

/**
 * Creates a push decoder for protocol v1. Throws {@link ProtocolError} from `push` for an
 * oversized, malformed or invalid event, and from `end` for a truncated stream.
 * `finish` and `error` are final: anything after them is ignored, even bytes that would not parse.
 *
 * @example
 * const response = await fetch('/api/chat', { method: 'POST', body: '{}' });
 * const decoder = createEventDecoder({
 *   onEvent: (event) => {
 *     if (event.type === 'text-delta') output.append(event.delta);
 *   },
 * });
 * const reader = response.body!.getReader();
 * for (let step = await reader.read(); !step.done; step = await reader.read()) {
 *   decoder.push(step.value);
 * }
 * decoder.end(); // throws ProtocolError 'truncated' if the answer was cut
 */
export function createEventDecoder(options: EventDecoderOptions): EventDecoder {
  const { onEvent, onUnknownEvent } = options;
  let lastEventId: string | undefined;
  let hasEnded = false;

  const parser = createSseParser({
    maxEventSize: options.maxEventSize,
    onMessage(message) {
      const seq = parseSeq(message.id);
      // A named SSE event is not a v1 frame: a future version's, to be skipped like an unknown type.
      if (message.event !== undefined && message.event !== 'message') {
        lastEventId = message.id;
        onUnknownEvent?.({ type: message.event, data: message.data }, seq);
        return;
      }
      const event = parseEvent(message.data);
      // Only now: a resume must not skip past a frame that failed to decode.
      lastEventId = message.id;
      switch (event.type) {
        case 'start':
        case 'text-delta':
        case 'reasoning-delta':
        case 'tool-call-start':
        case 'tool-call-delta':
        case 'tool-call-end':
          onEvent(event as TokenwireEvent, seq);
          return;
        case 'finish':
        case 'error':
          hasEnded = true;
          onEvent(event as TokenwireEvent, seq);
          throw stopParsing;
        default:
          onUnknownEvent?.(event as UnknownEvent, seq);
      }
    },
  });

  return {
    push(chunk) {
      if (hasEnded) return;
      try {
        parser.feed(chunk);
      } catch (error) {
        if (error !== stopParsing) throw error;
      }
    },
    end() {
      if (hasEnded) return;
      parser.end();
      throw new ProtocolError(
        'truncated',
        'The stream ended before the answer was complete (no finish or error event).',
      );
    },
    get lastEventId() {
      return lastEventId;
    },
    get hasEnded() {
      return hasEnded;
    },
  };
}

/**
 * The frame id as a sequence number: ASCII digits up to 2^53 - 1, else undefined
 * (`Number` alone would read '' as 0 and ' 1', '0x10' or '1e3' as numbers).
 */
function parseSeq(id: string | undefined): number | undefined {
  if (id === undefined || id.length === 0 || id.length > 16) return undefined;
  let seq = 0;
  for (let index = 0; index < id.length; index++) {
    const digit = id.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return undefined;
    seq = seq * 10 + digit;
  }
  return seq <= Number.MAX_SAFE_INTEGER ? seq : undefined;
}
