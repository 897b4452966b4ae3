import { streamCompletion } from '@tokenwire/server';
import express, { type Express } from 'express';
import type OpenAI from 'openai';

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

/**
 * An Express 5 app whose `POST /chat` streams the model's answer to `{ messages }` as tokenwire
 * events, for `@tokenwire/client` or `@tokenwire/react` to read.
 *
 * @example
 * import OpenAI from 'openai';
 *
 * createApp({ client: new OpenAI() }).listen(3000);
 */
export function createApp(options: AppOptions): Express {
  const { client, model = 'gpt-4o-mini', heartbeatMs, maxRetries } = options;
  const app = express();
  app.use(express.json());
  app.post('/chat', async (request, response) => {
    const { messages } = request.body;
    // No signal needed: when the browser goes away, `res` closes and that stops the model call.
    await streamCompletion({
      client,
      params: { model, messages },
      heartbeatMs,
      maxRetries,
    }).pipeToNodeResponse(response);
  });
  return app;
}
