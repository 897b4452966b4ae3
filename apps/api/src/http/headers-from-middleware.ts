import type { Context } from 'hono';
import type { AppEnv, ServerState } from '../server/server-state.js';

/**
 * The headers middleware set with `c.header()` (CORS), which Hono would add to a returned Response,
 * for responses the routes write to Node directly; `Connection: close` during a shutdown.
 * Reading `c.res` builds a Response and its Headers, so without CORS it is not read at all.
 *
 * @example
 * const headersFor = createHeadersFromMiddleware({ hasCors: false, state });
 * headersFor(c); // undefined, or { connection: 'close' } while shutting down
 */
export function createHeadersFromMiddleware(options: {
  hasCors: boolean;
  state: ServerState;
}): (c: Context<AppEnv>) => Record<string, string> | undefined {
  const { hasCors, state } = options;
  return (c) => {
    if (!hasCors) return state.isShuttingDown ? { connection: 'close' } : undefined;
    const headers: Record<string, string> = {};
    c.res.headers.forEach((value, name) => {
      if (name !== 'content-type' && name !== 'content-length') headers[name] = value;
    });
    // Hono's cors() appends `Vary: Origin` after the handler, too late for a streamed response.
    if (headers['access-control-allow-origin'] !== undefined) headers.vary = 'Origin';
    if (state.isShuttingDown) headers.connection = 'close';
    return headers;
  };
}
