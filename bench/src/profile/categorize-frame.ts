/** Where a profiled function's code comes from. */
export type FrameCategory =
  | 'idle'
  | 'GC'
  | 'program'
  | 'JSON'
  | 'web streams'
  | 'undici (fetch)'
  | 'openai SDK'
  | 'hono'
  | 'tokenwire protocol'
  | 'tokenwire api'
  | 'logging'
  | 'node streams'
  | 'node http/net'
  | 'node other'
  | 'native'
  | 'other';

/**
 * Sorts a profile frame into the buckets the issue asks about (web streams, the openai SDK, JSON,
 * GC) and the rest of the stack it can be blamed on. Order matters: the workspace packages are
 * matched by path before anything generic.
 *
 * @example
 * categorizeFrame({ functionName: 'read', url: 'node:internal/webstreams/readablestream' }); // 'web streams'
 */
export function categorizeFrame(frame: { functionName: string; url: string }): FrameCategory {
  const { functionName, url } = frame;
  if (url === '') {
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return 'program';
    if (functionName === 'parse' || functionName === 'stringify') return 'JSON';
    return 'native';
  }
  if (url.includes('node:internal/webstreams')) return 'web streams';
  if (url.includes('node:internal/deps/undici') || url.includes('/undici/'))
    return 'undici (fetch)';
  if (url.includes('/openai/')) return 'openai SDK';
  if (url.includes('/hono/') || url.includes('/@hono/')) return 'hono';
  if (url.includes('/packages/protocol/') || url.includes('/@tokenwire/protocol/')) {
    return 'tokenwire protocol';
  }
  if (url.includes('/apps/api/')) return 'tokenwire api';
  if (url.includes('/pino') || url.includes('/sonic-boom/') || url.includes('/thread-stream/')) {
    return 'logging';
  }
  if (url.startsWith('node:internal/streams') || url === 'node:stream') return 'node streams';
  if (
    url.startsWith('node:_http') ||
    url.startsWith('node:internal/http') ||
    url === 'node:net' ||
    url === 'node:http' ||
    url.startsWith('node:internal/stream_base_commons') ||
    url.startsWith('node:internal/net')
  ) {
    return 'node http/net';
  }
  if (url.startsWith('node:')) return 'node other';
  return 'other';
}
