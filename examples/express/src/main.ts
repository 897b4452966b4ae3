/**
 * @module Starts the Express example on PORT (default 3000); the openai SDK reads OPENAI_API_KEY
 * and OPENAI_BASE_URL itself, OPENAI_MODEL picks the model.
 */
import OpenAI from 'openai';
import { createApp } from './create-app.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const app = createApp({ client: new OpenAI(), model: process.env.OPENAI_MODEL });
app.listen(port, host, () => console.log(`POST http://${host}:${port}/chat`));
