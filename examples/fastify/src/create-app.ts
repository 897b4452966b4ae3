import { streamCompletion } from '@tokenwire/server';
import Fastify, { type FastifyInstance } from 'fastify';
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
 * A Fastify 5 app whose `POST /chat` streams the model's answer to `{ messages }` as tokenwire
 * events, for `@tokenwire/client` or `@tokenwire/react` to read.
 *
 * @example
 * import OpenAI from 'openai';
 *
 * await createApp({ client: new OpenAI() }).listen({ port: 3000 });
 */
export function createApp(options: AppOptions): FastifyInstance {
  const { client, model = 'gpt-4o-mini', heartbeatMs, maxRetries } = options;
  const app = Fastify();
  app.post<{ Body: ChatBody }>('/chat', async (request, reply) => {
    // The stream writes to Node's response itself, errors before the first byte included, so
    // Fastify must not send one too. That also skips Fastify's sending of headers set on `reply`
    // (by @fastify/cors, for one): hand them to Node's response, which writes them with the stream.
    reply.hijack();
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) reply.raw.setHeader(name, value);
    }
    // No signal needed: when the browser goes away, `reply.raw` closes and that stops the model call.
    await streamCompletion({
      client,
      params: { model, messages: request.body.messages },
      heartbeatMs,
      maxRetries,
    }).pipeToNodeResponse(reply.raw);
  });
  return app;
}
