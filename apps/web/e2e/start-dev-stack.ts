// @module `pnpm dev` on loopback ports: the API as its own process (demo model inside) → the Vite dev server and its /api proxy.
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { apiProxy } from '../api-proxy.js';
import { type ApiProcess, startApiProcess } from './start-api-process.js';
import { webRoot } from './start-stack.js';

export interface DevStackOptions {
  /** Baked into the app as `VITE_SILENCE_TIMEOUT_MS`; unset leaves the client's default. */
  silenceTimeoutMs?: number | undefined;
  /** The API's `HEARTBEAT_MS`: keep it well under the silence timeout. */
  heartbeatMs?: number | undefined;
}

export interface DevStack {
  /** The dev server's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Kills the API process with SIGKILL: no shutdown, no last event, sockets closed by the OS. */
  killApi: () => Promise<void>;
  /** Starts the API process again, on the port the proxy forwards to. */
  restartApi: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * Starts the API from source in a child process on a free port and the Vite dev server (this
 * workspace's vite.config.ts, as `pnpm dev` runs it) proxying `/api` to it. Unlike `vite
 * preview` in {@link startStack}, the dev server's proxy keeps the browser's response open after
 * the API dies: only the client's silence timeout notices.
 */
export async function startDevStack({
  silenceTimeoutMs,
  heartbeatMs,
}: DevStackOptions = {}): Promise<DevStack> {
  const port = await findFreePort();
  const apiEnv: Record<string, string> = {
    RATE_LIMIT_PER_MINUTE: '0',
    ...(heartbeatMs === undefined ? {} : { HEARTBEAT_MS: String(heartbeatMs) }),
  };
  let api: ApiProcess | undefined = await startApiProcess(port, apiEnv);
  let server: ViteDevServer | undefined;
  let url: string | undefined;
  try {
    server = await createServer({
      root: webRoot,
      configFile: join(webRoot, 'vite.config.ts'),
      // Its own dependency cache: a developer's `pnpm dev` may be using node_modules/.vite.
      cacheDir: join(webRoot, 'node_modules/.vite-e2e'),
      // The proxy logs every request the dead API refuses; the tests expect those.
      logLevel: 'silent',
      define:
        silenceTimeoutMs === undefined
          ? {}
          : { 'import.meta.env.VITE_SILENCE_TIMEOUT_MS': JSON.stringify(String(silenceTimeoutMs)) },
      server: {
        host: '127.0.0.1',
        port: 0,
        strictPort: false,
        open: false,
        proxy: apiProxy(api.url),
      },
    });
    await server.listen();
    url = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
    if (!url) throw new Error('the Vite dev server did not report a URL');
  } catch (error) {
    await server?.close();
    await api.kill('SIGKILL');
    throw error;
  }
  const devServer = server;
  return {
    url,
    killApi: async () => {
      await api?.kill('SIGKILL');
      api = undefined;
    },
    restartApi: async () => {
      await api?.kill('SIGKILL');
      api = await startApiProcess(port, apiEnv);
    },
    close: async () => {
      await devServer.close();
      await api?.kill('SIGTERM');
    },
  };
}

/** A port nothing listens on now; the API takes it (and takes it again after a restart). */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
