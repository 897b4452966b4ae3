import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from '../test-support/read-stream.js';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

const CONTENT = 'a'.repeat(64 * 1024);
const CHUNK = `data: ${JSON.stringify({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 0,
  model: 'm',
  choices: [{ index: 0, delta: { content: CONTENT }, finish_reason: null }],
})}\n\n`;

/** An upstream that streams 64 KiB content chunks as fast as its reader takes them, never ending. */
async function startEndlessUpstream(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const pump = () => {
      while (!response.destroyed && response.write(CHUNK)) {}
    };
    response.on('drain', pump);
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

describe('shutdown with a paused reader', () => {
  let upstream: { url: string; server: Server };
  let stack: TestStack;

  beforeAll(async () => {
    upstream = await startEndlessUpstream();
    stack = await startTestStack({
      env: { OPENAI_BASE_URL: upstream.url, SHUTDOWN_GRACE_MS: '300' },
    });
  });
  afterAll(async () => {
    await stack.mock.close();
    upstream.server.closeAllConnections();
    await new Promise<void>((resolve) => upstream.server.close(() => resolve()));
  });

  it('gives a reader that resumes after the grace period everything up to server_shutdown, and logs its request', async () => {
    const { port } = new URL(stack.api.url);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/chat',
          headers: { 'content-type': 'application/json' },
        },
        resolve,
      );
      outgoing.on('error', reject);
      outgoing.end(JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }));
    });
    expect(response.statusCode).toBe(200);
    // Read nothing: the socket buffers fill and the server's writes wait in user space.
    response.pause();
    await new Promise((resolve) => setTimeout(resolve, 300));

    const closing = stack.api.close();
    // Well past the grace period: the stream has been ended while its reader takes nothing.
    await new Promise((resolve) => setTimeout(resolve, 1_200));

    let raw = '';
    response.setEncoding('utf8');
    const ended = new Promise<void>((resolve, reject) => {
      response.on('data', (text: string) => {
        raw += text;
      });
      response.on('end', resolve);
      response.on('error', reject);
      response.on('aborted', () => reject(new Error('response cut before its end')));
    });
    response.resume();
    await ended;
    await closing;

    const frames = raw.split('\n\n').filter((frame) => frame.includes('data: '));
    const last = JSON.parse(frames.at(-1)?.split('data: ')[1] ?? 'null') as unknown;
    expect(last).toEqual({
      type: 'error',
      code: 'server_shutdown',
      message: expect.any(String),
      retryable: true,
    });
    expect(frames.length).toBeGreaterThan(2);
    expect(
      stack.logs.some((line) => line.msg === 'request' && line.errorCode === 'server_shutdown'),
    ).toBe(true);
  }, 30_000);
});

describe('shutdown with generations waiting for a resume', () => {
  it('ends resumed readers and aborts generations that have no reader left', async () => {
    const stack = await startTestStack({
      env: { RESUME_GRACE_MS: '20000', SHUTDOWN_GRACE_MS: '200' },
      mock: { tokensPerSecond: 20 },
    });
    try {
      const readUntilFirstDelta = async () => {
        const controller = new AbortController();
        const response = await stack.ask('Long [mock tokens=2000]', { signal: controller.signal });
        let id = '';
        await readStream(response, {
          onEvent: (event) => {
            if (event.type === 'start') id = event.id;
            return event.type === 'text-delta';
          },
        }).catch(() => undefined);
        controller.abort();
        return id;
      };
      // One dropped (kept for RESUME_GRACE_MS, no reader), one dropped then resumed.
      await readUntilFirstDelta();
      const resumedId = await readUntilFirstDelta();
      const resumed = fetch(`${stack.api.url}/api/chat/${resumedId}`).then((response) =>
        readStream(response),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(stack.mock.openStreams).toBe(2);

      await stack.api.close();
      const resumedStream = await resumed;
      expect(resumedStream.events.length).toBeGreaterThan(0);
      // The dropped generation would otherwise stream on for 20 s.
      const deadline = performance.now() + 5_000;
      while (stack.mock.openStreams > 0 && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(stack.mock.openStreams).toBe(0);
    } finally {
      await stack.mock.close();
    }
  }, 30_000);
});
