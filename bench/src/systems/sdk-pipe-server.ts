/**
 * @module sdk-pipe: node-pipe with the upstream call made the way tokenwire makes it — the openai
 * SDK (`create(…).asResponse()`) over `@tokenwire/server/node`'s fetch — and the upstream's bytes
 * piped back unchanged. No translation, no registry, no framework: the least a server that keeps
 * the SDK can cost, so the gap between node-pipe and tokenwire splits into the SDK's share and
 * tokenwire's own. Run as its own process by the bench.
 */
import { createServer } from 'node:http';
import { createNodeFetch } from '@tokenwire/server/node';
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { listenFromEnvironment } from './listen-from-environment.js';

const upstream = createNodeFetch();
const client = new OpenAI({
  baseURL: process.env.UPSTREAM_URL ?? 'http://127.0.0.1:1/v1',
  apiKey: 'bench',
  fetch: upstream.fetch,
  maxRetries: 0,
});

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const controller = new AbortController();
    // The reader went away mid-stream: stop paying for the upstream's tokens.
    response.on('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    const params = JSON.parse(
      Buffer.concat(chunks).toString(),
    ) as ChatCompletionCreateParamsStreaming;
    client.chat.completions
      .create(params, { signal: controller.signal })
      .asResponse()
      .then(async (answer) => {
        response.writeHead(answer.status, { 'content-type': 'text/event-stream' });
        const body = upstream.openBody(answer);
        await body.read((bytes) => {
          if (response.write(bytes)) return;
          body.pause();
          response.once('drain', () => body.resume());
        });
        response.end();
      })
      .catch(() => {
        if (response.headersSent) response.destroy();
        else response.writeHead(502).end();
      });
  });
});

listenFromEnvironment(server);
