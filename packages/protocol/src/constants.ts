/**
 * The wire protocol version, sent as the `X-Tokenwire-Protocol` response header.
 *
 * @example
 * const response = await fetch('/api/chat', { method: 'POST', body: '{}' });
 * if (response.headers.get('X-Tokenwire-Protocol') !== String(PROTOCOL_VERSION)) {
 *   throw new Error('This client speaks tokenwire protocol v1 only.');
 * }
 */
export const PROTOCOL_VERSION = 1;

/**
 * Response headers every protocol v1 stream carries.
 * `X-Accel-Buffering: no` because nginx otherwise buffers the stream; `no-transform` keeps
 * proxies and CDNs from compressing or rewriting it.
 *
 * @example
 * const { readable } = createEncoderStream();
 * const response = new Response(readable, { status: 200, headers: protocolHeaders });
 */
export const protocolHeaders: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  'X-Tokenwire-Protocol': String(PROTOCOL_VERSION),
});

/**
 * The heartbeat: an SSE comment, which every decoder ignores. Sent when the stream opens and
 * after every silence, so proxies and browsers see bytes and idle timeouts do not fire.
 *
 * @example
 * const { writable } = new TransformStream<Uint8Array, Uint8Array>();
 * const writer = writable.getWriter();
 * await writer.write(new TextEncoder().encode(HEARTBEAT_FRAME));
 */
export const HEARTBEAT_FRAME = ': ping\n\n';

/**
 * Silence after which a heartbeat is sent, in milliseconds.
 *
 * @example
 * const heartbeat = startHeartbeat({ intervalMs: DEFAULT_HEARTBEAT_MS, onBeat: () => {} });
 * heartbeat.stop();
 */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/**
 * The largest event a decoder accepts by default (1 MiB), in characters of its frame: its lines,
 * each counted with one line end, the blank line that ends it not included.
 *
 * @example
 * createEventDecoder({ onEvent: () => {}, maxEventSize: DEFAULT_MAX_EVENT_SIZE * 4 });
 */
export const DEFAULT_MAX_EVENT_SIZE = 1_048_576;
