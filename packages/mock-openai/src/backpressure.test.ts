import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockOpenAIHandler } from './create-mock-openai-handler.js';
import type { MockCloseEvent } from './types.js';

// The handler is mounted on a plain server so the test can watch the very ServerResponse the
// mock writes to: how much it buffers, and whether it keeps calling write().
interface Watched {
  response: ServerResponse;
  writes: number;
  refusedWrites: number;
  maxBuffered: number;
}

let server: Server;
let port = 0;
const watched: Watched[] = [];
const closes: MockCloseEvent[] = [];

beforeAll(async () => {
  const handler = createMockOpenAIHandler({
    tokensPerSecond: 0,
    onClose: (event) => closes.push(event),
  });
  server = createServer((request, response) => {
    const entry: Watched = { response, writes: 0, refusedWrites: 0, maxBuffered: 0 };
    watched.push(entry);
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    response.write = ((...args: unknown[]) => {
      entry.writes++;
      const isDrained = write(...args);
      if (!isDrained) entry.refusedWrites++;
      entry.maxBuffered = Math.max(entry.maxBuffered, response.writableLength);
      return isDrained;
    }) as ServerResponse['write'];
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends a streaming request over a raw socket that does not read its response. */
function openSilentClient(tokens: number): Socket {
  const body = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: `flood [mock tokens=${tokens}]` }],
    stream: true,
  });
  const socket = connect(port, '127.0.0.1');
  socket.pause();
  socket.write(
    `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  return socket;
}

/** Waits until the mock has not called write() for `quietMs`. */
async function waitUntilQuiet(entry: () => Watched | undefined, quietMs: number): Promise<void> {
  let last = -1;
  for (let attempt = 0; attempt < 100; attempt++) {
    await delay(quietMs);
    const writes = entry()?.writes ?? -1;
    if (writes > 0 && writes === last) return;
    last = writes;
  }
  throw new Error('the mock never stopped writing');
}

describe('backpressure', () => {
  it('stops writing to a client that does not read, with a bounded buffer', async () => {
    const before = watched.length;
    const socket = openSilentClient(1_000_000);
    const entry = () => watched[before];
    await waitUntilQuiet(entry, 300);

    const stalled = entry();
    expect(stalled?.refusedWrites).toBeGreaterThan(0);
    expect(stalled?.response.writableEnded).toBe(false);
    // One batch beyond the 16 KiB high-water mark at most, never megabytes.
    expect(stalled?.maxBuffered).toBeLessThan(128 * 1024);
    const writesWhileStalled = stalled?.writes;
    await delay(300);
    expect(entry()?.writes).toBe(writesWhileStalled);

    const closed = closes.length;
    socket.destroy();
    await expect.poll(() => closes.length).toBe(closed + 1);
    expect(closes.at(-1)?.completed).toBe(false);
    expect(closes.at(-1)?.tokensSent).toBeLessThan(1_000_000);
  });

  it('resumes after drain and delivers every token once the client reads again', async () => {
    const tokens = 40_000;
    const before = watched.length;
    const socket = openSilentClient(tokens);
    await waitUntilQuiet(() => watched[before], 200);
    expect(watched[before]?.refusedWrites).toBeGreaterThan(0);

    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => socket.on('end', resolve));
    socket.resume();
    await ended;
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.match(/"delta":\{"content":/g)).toHaveLength(tokens);
    // Raw HTTP/1.1: the body is chunked, so the last frame is followed by the zero-size chunk.
    expect(text.endsWith('data: [DONE]\n\n\r\n0\r\n\r\n')).toBe(true);
    await expect.poll(() => closes.at(-1)?.tokensSent).toBe(tokens);
    expect(closes.at(-1)?.completed).toBe(true);
  });
});
