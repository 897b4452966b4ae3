// @vitest-environment node
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiProxy } from './api-proxy.js';

// A stand-in API that streams forever and records when its request is closed.
let api: Server;
let vite: ViteDevServer;
let viteUrl: string;
const closed: string[] = [];

beforeAll(async () => {
  api = createHttpServer((request: IncomingMessage, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const timer = setInterval(
      () => response.write('data: {"type":"text-delta","delta":"x"}\n\n'),
      20,
    );
    response.on('close', () => {
      clearInterval(timer);
      closed.push(request.url ?? '');
    });
  });
  api.listen(0, '127.0.0.1');
  await once(api, 'listening');
  const apiPort = (api.address() as AddressInfo).port;
  vite = await createServer({
    configFile: false,
    logLevel: 'silent',
    server: {
      port: 0,
      host: '127.0.0.1',
      proxy: apiProxy(`http://127.0.0.1:${apiPort}`),
      ws: false,
    },
  });
  await vite.listen();
  viteUrl = vite.resolvedUrls?.local[0] ?? '';
});

afterAll(async () => {
  await vite?.close();
  api?.closeAllConnections();
  await new Promise((resolve) => api?.close(resolve));
});

describe('the dev server proxy', () => {
  it('streams /api through and closes the API request when the browser aborts', async () => {
    const controller = new AbortController();
    const response = await fetch(new URL('/api/chat?abort-test', viteUrl), {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('text-delta');
    controller.abort();
    await expect.poll(() => closed, { timeout: 5000 }).toContain('/api/chat?abort-test');
  });
});
