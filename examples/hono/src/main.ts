/**
 * @module Starts the Hono example on PORT (default 3000); the openai SDK reads OPENAI_API_KEY
 * and OPENAI_BASE_URL itself, OPENAI_MODEL picks the model.
 */
import { serve } from '@hono/node-server';
import OpenAI from 'openai';
import { createApp } from './create-app.js';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '127.0.0.1';
const app = createApp({ client: new OpenAI(), model: process.env.OPENAI_MODEL });
serve({ fetch: app.fetch, port, hostname }, () =>
  console.log(`POST http://${hostname}:${port}/chat`),
);
