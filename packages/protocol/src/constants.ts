/**
 * The wire protocol version, sent as the `X-Tokenwire-Protocol` response header.
 *
 * @example
 * response.headers.get('x-tokenwire-protocol') === String(PROTOCOL_VERSION);
 */
export const PROTOCOL_VERSION = 1;

/**
 * Response headers every protocol v1 stream carries.
 * `X-Accel-Buffering: no` because nginx otherwise buffers the stream; `no-transform` keeps
 * proxies and CDNs from compressing or rewriting it.
 *
 * @example
 * const response = new Response(body, { status: 200, headers: protocolHeaders });
 */
export const protocolHeaders: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  'X-Tokenwire-Protocol': String(PROTOCOL_VERSION),
});

/**
 * The heartbeat: an SSE comment, which every decoder ignores.
 *
 * @example
 * response.write(HEARTBEAT_FRAME);
 */
export const HEARTBEAT_FRAME = ': ping\n\n';

/**
 * Silence after which a heartbeat is sent, in milliseconds.
 *
 * @example
 * startHeartbeat({ intervalMs: DEFAULT_HEARTBEAT_MS, onBeat: () => {} });
 */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/**
 * The largest event a decoder accepts by default, in characters of its frame.
 *
 * @example
 * createEventDecoder({ onEvent: () => {}, maxEventSize: DEFAULT_MAX_EVENT_SIZE * 4 });
 */
export const DEFAULT_MAX_EVENT_SIZE = 1_048_576;
