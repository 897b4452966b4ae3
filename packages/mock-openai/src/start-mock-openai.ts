import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockOpenAIHandler } from './create-mock-openai-handler.js';
import type { MockCloseEvent, MockOpenAI, MockOpenAIOptions, MockRequestEvent } from './types.js';

type EmitterListener = Parameters<EventEmitter['on']>[1];

/**
 * Starts the mock on `options.port ?? 0` and `options.host ?? '127.0.0.1'` and resolves once it
 * listens. Point the OpenAI SDK (or any client) at `mock.url`; stop it with `mock.close()`.
 *
 * @example
 * import OpenAI from 'openai';
 * const mock = await startMockOpenAI({ tokensPerSecond: 0 });
 * const client = new OpenAI({ baseURL: mock.url, apiKey: 'test' });
 * const stream = await client.chat.completions.create({
 *   model: 'gpt-4o-mini',
 *   messages: [{ role: 'user', content: 'Hello [mock drop=3]' }],
 *   stream: true,
 * });
 * await mock.close();
 */
export async function startMockOpenAI(options: MockOpenAIOptions = {}): Promise<MockOpenAI> {
  const emitter = new EventEmitter();
  let openStreams = 0;
  let totalRequests = 0;
  const handler = createMockOpenAIHandler({
    ...options,
    onRequest: (event: MockRequestEvent) => {
      openStreams++;
      totalRequests++;
      options.onRequest?.(event);
      emitter.emit('request', event);
    },
    onClose: (event: MockCloseEvent) => {
      openStreams--;
      options.onClose?.(event);
      emitter.emit('close', event);
    },
  });
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const mock: MockOpenAI = {
    url: `http://${host}:${address.port}/v1`,
    port: address.port,
    server,
    get openStreams() {
      return openStreams;
    },
    get totalRequests() {
      return totalRequests;
    },
    on(event: string, listener: EmitterListener) {
      emitter.on(event, listener);
      return mock;
    },
    off(event: string, listener: EmitterListener) {
      emitter.off(event, listener);
      return mock;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // `server.close` alone waits for open streams and idle keep-alive sockets to end.
        server.closeAllConnections();
      }),
  };
  return mock;
}
