import { describeExample } from '@tokenwire/example-tests';
import { startMockOpenAI } from '@tokenwire/mock-openai';
import OpenAI from 'openai';
import { expect, it } from 'vitest';
import { createApp } from './create-app.js';

describeExample('the Fastify example', async (options) => {
  const app = createApp(options);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${address}/chat`, close: () => app.close() };
});

it('keeps headers set on reply before hijack() (as @fastify/cors sets them) on the stream', async () => {
  const mock = await startMockOpenAI({ tokensPerSecond: 0 });
  const app = createApp({ client: new OpenAI({ baseURL: mock.url, apiKey: 'k' }) });
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('access-control-allow-origin', 'https://app.example');
  });
  try {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${address}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await response.text();
  } finally {
    await app.close();
    await mock.close();
  }
});
