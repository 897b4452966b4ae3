import { DEFAULT_HEARTBEAT_MS, HEARTBEAT_FRAME } from './constants.js';
import { encodeEvent } from './encode-event.js';
import type { TokenwireEvent } from './events.js';
import { type Heartbeat, startHeartbeat } from './start-heartbeat.js';

/**
 * Options for {@link createEncoderStream}.
 *
 * @example
 * const options: EncoderStreamOptions = { heartbeatMs: 30_000, firstSeq: 0 };
 */
export interface EncoderStreamOptions {
  /**
   * Silence, in milliseconds, after which a heartbeat comment is sent; `false` for no timer.
   * Default 15 s. The heartbeat that opens the stream is always sent: it is part of the protocol.
   */
  heartbeatMs?: number | false;
  /** The sequence number of the first event. Default 0; a resumed stream continues the count. */
  firstSeq?: number;
}

/**
 * A `TransformStream` from protocol events to SSE bytes (UTF-8), one chunk per frame. It sends a
 * heartbeat as soon as it opens, so proxies and browsers see bytes before the first token, then
 * after each silence, until `finish` or `error` has been written or the stream closes.
 *
 * @example
 * const { readable, writable } = createEncoderStream();
 * const writer = writable.getWriter();
 * void writer.write({ type: 'start', id: 'gen_1', model: 'demo' });
 * void writer.write({ type: 'text-delta', delta: 'Hello' });
 * void writer.write({ type: 'finish', reason: 'stop' }).then(() => writer.close());
 * return new Response(readable, { headers: protocolHeaders });
 */
export function createEncoderStream(
  options: EncoderStreamOptions = {},
): TransformStream<TokenwireEvent, Uint8Array> {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const encoder = new TextEncoder();
  const ping = encoder.encode(HEARTBEAT_FRAME);
  let seq = options.firstSeq ?? 0;
  let heartbeat: Heartbeat | undefined;

  return new TransformStream<TokenwireEvent, Uint8Array>({
    start(controller) {
      controller.enqueue(ping);
      if (heartbeatMs !== false) {
        heartbeat = startHeartbeat({
          intervalMs: heartbeatMs,
          onBeat: () => controller.enqueue(ping),
        });
      }
    },
    transform(event, controller) {
      controller.enqueue(encoder.encode(encodeEvent(event, seq++)));
      heartbeat?.touch();
      if (event.type === 'finish' || event.type === 'error') heartbeat?.stop();
    },
    flush() {
      heartbeat?.stop();
    },
  });
}
