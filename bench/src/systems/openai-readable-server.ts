/**
 * @module openai-readable: what a developer writes by hand: Hono on @hono/node-server, the openai
 * SDK with `stream: true`, and the SDK's `toReadableStream()` (NDJSON of every chunk) returned as
 * the Response. Run as its own process by the bench.
 */
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { listenFromEnvironment } from './listen-from-environment.js';

const client = new OpenAI({
  baseURL: process.env.UPSTREAM_URL ?? 'http://127.0.0.1:1/v1',
  apiKey: 'bench',
});

const app = new Hono();
app.post('/api/chat', async (context) => {
  const { messages } = await context.req.json<{ messages: ChatCompletionMessageParam[] }>();
  const stream = await client.chat.completions.create(
    { model: 'bench-model', messages, stream: true },
    { signal: context.req.raw.signal },
  );
  return new Response(stream.toReadableStream(), {
    headers: { 'content-type': 'application/x-ndjson' },
  });
});

// What `serve()` does, minus its `listen`, so the shared helper picks the address.
const server = createAdaptorServer({ fetch: app.fetch }) as Server;
listenFromEnvironment(server);
