import type { ProxyOptions } from 'vite';

/**
 * The dev and preview servers forward `/api` to the API, so the browser talks to one origin, as it
 * does behind nginx in production.
 */
export function apiProxy(target: string): Record<string, ProxyOptions> {
  return {
    '/api': {
      target,
      // http-proxy-3 destroys the upstream request when the browser's connection closes, so Stop
      // and reload cancel the API request (and the model's) in dev too: api-proxy.test.ts pins it.
    },
  };
}
