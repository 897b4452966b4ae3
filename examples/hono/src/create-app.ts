import { streamCompletion } from '@tokenwire/server';
import { Hono } from 'hono';
import type OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

/** What {@link createApp} serves with. */
export interface AppOptions {
  /** The model's server, through the official SDK (OpenAI, Ollama, vLLM, a mock…). */
  client: OpenAI;
  /** Default `gpt-4o-mini`. */
  model?: string | undefined;
  /** Passed on to `streamCompletion` (defaults 15 s and 2). */
  heartbeatMs?: number | undefined;
  maxRetries?: number | undefined;
}

interface ChatBody {
  messages: ChatCompletionMessageParam[];
}

/**
 * A Hono app whose `POST /chat` streams the model's answer to `{ messages }` as tokenwire events,
 * for `@tokenwire/client` or `@tokenwire/react` to read. Web APIs only: serve it with
 * `@hono/node-server`, Bun, Deno or a worker.
 *
 * @example
 * import { serve } from '@hono/node-server';
 * import OpenAI from 'openai';
 *
 * serve({ fetch: createApp({ client: new OpenAI() }).fetch, port: 3000 });
 */
export function createApp(options: AppOptions): Hono {
  const { client, model = 'gpt-4o-mini', heartbeatMs, maxRetries } = options;
  const app = new Hono();
  app.post('/chat', async (c) => {
    const { messages } = await c.req.json<ChatBody>();
    return streamCompletion({
      client,
      params: { model, messages },
      // Aborted when the browser goes away: that stops the model call.
      signal: c.req.raw.signal,
      heartbeatMs,
      maxRetries,
    }).toResponse();
  });
  return app;
}
