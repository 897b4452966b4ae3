// @module The whole stack on loopback ports: mock model → real API (built) → built web app (vite preview).
import type { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '@tokenwire/api';
import { type MockOpenAI, type MockOpenAIOptions, startMockOpenAI } from '@tokenwire/mock-openai';
import { preview } from 'vite';
import { apiProxy } from '../api-proxy.js';

/** The web workspace's folder (this file is in `e2e/`). */
export const webRoot: string = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface Stack {
  /** The web app's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The upstream model; its `close` events tell whether a request was completed or cut. */
  mock: MockOpenAI;
  /**
   * Destroys every connection the browser has open to the web server (the page's streams
   * included), as a network drop would: what `context.setOffline` does not do to a response
   * already streaming.
   */
  cutConnections: () => void;
  close: () => Promise<void>;
}

/**
 * Starts the mock model, the API from `@tokenwire/api`'s build pointed at it, and `vite preview`
 * serving `dist/` with `/api` proxied to the API: the browser sees one origin, as behind nginx.
 * Everything listens on free loopback ports; `close` stops all three. With `isDemo` the API runs
 * on its built-in demo upstream instead (the mock then sees no requests).
 */
export async function startStack(
  mockOptions: MockOpenAIOptions = {},
  { isDemo = false }: { isDemo?: boolean } = {},
): Promise<Stack> {
  const mock = await startMockOpenAI({ tokensPerSecond: 60, ...mockOptions });
  const api = await startServer({
    env: {
      // Without an upstream configured, the API starts its built-in demo upstream (and says so).
      ...(isDemo ? {} : { OPENAI_BASE_URL: mock.url, OPENAI_API_KEY: 'sk-test' }),
      // An answer whose reader went away (a reload) runs on this long waiting for a resume: long
      // enough for a reloaded page to re-attach on a loaded CI box, short enough for the tests
      // that check it is then cut upstream (they poll for 5 s; the default is 30 s).
      RESUME_GRACE_MS: '3000',
      // Every test request comes from 127.0.0.1; the limiter would count them as one client.
      RATE_LIMIT_PER_MINUTE: '0',
      UPSTREAM_MAX_RETRIES: '0',
    },
    port: 0,
    host: '127.0.0.1',
    logger: false,
  });
  const server = await preview({
    root: webRoot,
    configFile: join(webRoot, 'vite.config.ts'),
    logLevel: 'warn',
    preview: {
      host: '127.0.0.1',
      port: 0,
      strictPort: false,
      open: false,
      proxy: apiProxy(api.url),
    },
  });
  const sockets = new Set<Socket>();
  server.httpServer.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const url = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (!url) throw new Error('vite preview did not report a URL');
  return {
    url,
    mock,
    cutConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      await server.close();
      await api.close();
      await mock.close();
    },
  };
}
