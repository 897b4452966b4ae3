import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type MockOpenAI, startMockOpenAI } from '@tokenwire/mock-openai';
import type { TokenwireEvent } from '@tokenwire/protocol';
import { startRawUpstream } from '@tokenwire/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createNodeFetch } from './node/create-node-fetch.js';
import { type StreamCompletionOptions, streamCompletion } from './stream-completion.js';
import { StreamError } from './stream-error.js';
import { readFrames } from './test-support/read-frames.js';

const PIECES = ['Hel', 'lo', ' <b>"wörld"</b>', '\n\n', '👋', ' é', '\\n', '\u2028', '!'];
const ANSWER = PIECES.join('');
const messages = [{ role: 'user' as const, content: 'Hi' }];

describe.each([
  { transport: 'the platform fetch (web body)' },
  { transport: 'createNodeFetch (Node body)' },
  { transport: 'createNodeFetch with its sendRequest (direct requests)' },
])('streamCompletion through $transport', ({ transport }) => {
  let mock: MockOpenAI;
  let client: OpenAI;
  let openBody: StreamCompletionOptions['openBody'];
  let sendRequest: StreamCompletionOptions['sendRequest'];
  const nodeFetch = createNodeFetch();
  const bodies: unknown[] = [];

  beforeAll(async () => {
    mock = await startMockOpenAI({
      tokensPerSecond: 0,
      tokens: () => PIECES,
      apiKey: 'sk-test',
      onRequest: ({ body }) => bodies.push(body),
    });
    const isNode = transport.startsWith('createNodeFetch');
    client = new OpenAI({
      baseURL: mock.url,
      apiKey: 'sk-test',
      ...(isNode ? { fetch: nodeFetch.fetch } : {}),
    });
    openBody = isNode ? nodeFetch.openBody : undefined;
    sendRequest = transport.includes('sendRequest') ? nodeFetch.sendRequest : undefined;
  });
  afterAll(async () => {
    nodeFetch.destroy();
    await mock.close();
  });

  const start = (overrides: Partial<StreamCompletionOptions> = {}) =>
    streamCompletion({
      client,
      params: { model: 'gpt-4o-mini', messages },
      openBody,
      sendRequest,
      ...overrides,
    });

  it('toResponse() streams the exact text, with start first and finish last', async () => {
    const response = await start().toResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-tokenwire-protocol')).toBe('1');
    const { events, text } = await readFrames(response.body);
    expect(text).toBe(ANSWER);
    expect(events[0]).toMatchObject({ type: 'start', model: 'gpt-4o-mini' });
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      reason: 'stop',
      usage: { completionTokens: PIECES.length },
    });
  });

  it("sends the caller's params with stream on and usage asked for, leaving its object as it was", async () => {
    const params = { model: 'gpt-4o-mini', messages, temperature: 0.25, max_tokens: 40 };
    const given = structuredClone(params);
    bodies.length = 0;
    await readFrames((await start({ params }).toResponse()).body);
    expect(bodies).toEqual([{ ...given, stream: true, stream_options: { include_usage: true } }]);
    expect(params).toEqual(given);
    // Options of the caller's own are sent as they are.
    const own = { ...params, stream_options: { include_usage: false } };
    bodies.length = 0;
    await readFrames((await start({ params: own }).toResponse()).body);
    expect(bodies).toEqual([{ ...own, stream: true }]);
  });

  it('events yields the same events as the wire carries, fast path on or off', async () => {
    const collect = async (fastPath: boolean) => {
      const events: TokenwireEvent[] = [];
      for await (const event of start({ fastPath }).events) events.push(event);
      return events.map((event) => (event.type === 'start' ? { ...event, id: 'x' } : event));
    };
    const fast = await collect(true);
    expect(fast).toEqual(await collect(false));
    expect(fast.map((event) => (event.type === 'text-delta' ? event.delta : '')).join('')).toBe(
      ANSWER,
    );
  });

  it('pipeToNodeResponse serves the exact text to a fetch over HTTP', async () => {
    const server: Server = createServer((request, response) => {
      void start({ signal: AbortSignal.timeout(10_000) }).pipeToNodeResponse(response);
      request.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const response = await fetch(url, { method: 'POST' });
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const { events, text } = await readFrames(response.body);
      expect(text).toBe(ANSWER);
      expect(events.at(-1)).toMatchObject({ type: 'finish', reason: 'stop' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("sends the host's headers beside its own on both sinks, its own winning, and on refusals", async () => {
    // A CORS header, and one the stream must keep its own value of.
    const headers = { 'access-control-allow-origin': 'https://app.example', 'content-type': 'x/y' };
    const limited = {
      maxRetries: 0,
      params: { model: 'm', messages: [{ role: 'user' as const, content: 'x [mock status=429]' }] },
    };
    const server: Server = createServer((request, response) => {
      const options = request.url === '/limited' ? limited : {};
      void start(options).pipeToNodeResponse(response, { headers });
      request.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const answers = [
        await start().toResponse({ headers }),
        await fetch(`${url}/`, { method: 'POST' }),
      ];
      for (const response of answers) {
        expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
        expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
        expect(response.headers.get('x-tokenwire-protocol')).toBe('1');
        await response.body?.cancel();
      }
      const refusals = [
        await start(limited).toResponse({ headers }),
        await fetch(`${url}/limited`, { method: 'POST' }),
      ];
      for (const response of refusals) {
        expect(response.status).toBe(429);
        expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
        expect(response.headers.get('retry-after')).toBe('1');
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        await response.body?.cancel();
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('answers a 429 with its status, code and Retry-After before the first byte', async () => {
    const response = await start({
      maxRetries: 0,
      params: { model: 'm', messages: [{ role: 'user', content: 'x [mock status=429]' }] },
    }).toResponse();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({
      error: { code: 'upstream_rate_limited', message: expect.any(String) },
    });
  });

  it('answers a refused key with 502 upstream_auth, without the key', async () => {
    const refused = new OpenAI({ baseURL: mock.url, apiKey: 'sk-wrong-canary' });
    const response = await streamCompletion({
      client: refused,
      params: { model: 'm', messages },
    }).toResponse();
    expect(response.status).toBe(502);
    const body = await response.text();
    expect(JSON.parse(body).error.code).toBe('upstream_auth');
    expect(body).not.toContain('canary');
  });

  it('ends with a retryable error event when the upstream drops mid-answer', async () => {
    const response = await start({
      params: { model: 'm', messages: [{ role: 'user', content: 'x [mock drop=3]' }] },
    }).toResponse();
    const { events } = await readFrames(response.body);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'upstream_unavailable',
      retryable: true,
    });
  });

  it('abort() reaches the model within 100 ms and readers get finish(abort)', async () => {
    const slow = await startMockOpenAI({ tokensPerSecond: 20 });
    try {
      const stream = streamCompletion({
        client: new OpenAI({ baseURL: slow.url, apiKey: 'k', fetch: nodeFetch.fetch }),
        params: { model: 'm', messages },
        openBody,
      });
      const events: TokenwireEvent[] = [];
      const closed = new Promise<number>((resolve) =>
        slow.on('close', (event) => resolve(event.completed ? -1 : performance.now())),
      );
      let abortedAt = 0;
      for await (const event of stream.events) {
        events.push(event);
        if (events.length === 3) {
          abortedAt = performance.now();
          stream.abort();
        }
      }
      expect(events.at(-1)).toEqual({ type: 'finish', reason: 'abort' });
      const closedAt = await closed;
      expect(closedAt).toBeGreaterThan(0);
      expect(closedAt - abortedAt).toBeLessThan(100);
      expect(stream.abortReason).toBe('stopped');
    } finally {
      await slow.close();
    }
  });

  it('bounds a silent model on a monotonic clock: a wall-clock step in a pause fails nothing', async () => {
    // Tokens every 100 ms, then 600 ms of silence before the last: 400 ms under the 1,000 ms
    // bound, with the watchdog's first check (at 1,000 ms) about 250 ms into the silence. A step of
    // the wall clock (NTP, a VM resumed) an hour ahead just before it must not count as an hour.
    const paced = await startMockOpenAI({ tokensPerSecond: 10, tokens: () => PIECES });
    const wallClock = Date.now;
    let step = 0;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => wallClock() + step);
    try {
      const stream = streamCompletion({
        client: new OpenAI({ baseURL: paced.url, apiKey: 'k', fetch: nodeFetch.fetch }),
        params: {
          model: 'm',
          messages: [
            { role: 'user', content: `x [mock stall=600 stallAfter=${PIECES.length - 1}]` },
          ],
        },
        timeoutMs: 1_000,
        openBody,
        sendRequest,
      });
      const events: TokenwireEvent[] = [];
      for await (const event of stream.events) {
        events.push(event);
        if (event.type === 'text-delta' && event.delta === PIECES.at(-2)) step = 3_600_000;
      }
      expect(step).toBe(3_600_000);
      expect(events.at(-1)).toMatchObject({ type: 'finish', reason: 'stop' });
      expect(events.filter((event) => event.type === 'text-delta').length).toBe(PIECES.length);
    } finally {
      clock.mockRestore();
      await paced.close();
    }
  });

  it('sends heartbeats while the upstream is silent', async () => {
    const response = await start({
      heartbeatMs: 100,
      params: {
        model: 'm',
        messages: [{ role: 'user', content: 'x [mock stall=700 stallAfter=2]' }],
      },
    }).toResponse();
    const { text, heartbeats } = await readFrames(response.body);
    expect(text).toBe(ANSWER);
    // One when the stream opens, then one per 100 ms of the 700 ms silence.
    expect(heartbeats).toBeGreaterThanOrEqual(4);
  });
});

describe.each([
  { path: 'the SDK', isDirect: false },
  { path: 'direct requests', isDirect: true },
])('streamCompletion bounds, sent through $path', ({ isDirect }) => {
  const nodeFetch = createNodeFetch();
  afterAll(() => nodeFetch.destroy());
  // The client and the sending options of one path.
  const through = (baseURL: string) => ({
    client: new OpenAI({ baseURL, apiKey: 'k', ...(isDirect ? { fetch: nodeFetch.fetch } : {}) }),
    ...(isDirect ? { openBody: nodeFetch.openBody, sendRequest: nodeFetch.sendRequest } : {}),
  });

  it('passes a Retry-After longer than the deadline allows to the client as a 429 at once', async () => {
    const upstream = await startRawUpstream((_request, response) => {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '59' });
      response.end('{"error":{"message":"slow down"}}');
    });
    try {
      const startedAt = performance.now();
      const response = await streamCompletion({
        ...through(upstream.url),
        params: { model: 'm', messages },
        timeoutMs: 60_000,
        maxRetries: 2,
      }).toResponse();
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('59');
      expect(upstream.requests).toBe(1);
      // Waiting it out would take 59 s.
      expect(performance.now() - startedAt).toBeLessThan(5_000);
    } finally {
      await upstream.close();
    }
  });

  it('holds everything before the first byte, retries included, to one timeoutMs', async () => {
    const upstream = await startRawUpstream(() => {
      // Never answers.
    });
    try {
      const startedAt = performance.now();
      const response = await streamCompletion({
        ...through(upstream.url),
        params: { model: 'm', messages },
        timeoutMs: 500,
        maxRetries: 3,
      }).toResponse();
      expect(response.status).toBe(502);
      expect((await response.json()).error.code).toBe('upstream_unavailable');
      // (1 + retries) × timeout would be 2,000 ms.
      expect(performance.now() - startedAt).toBeLessThan(1_500);
    } finally {
      await upstream.close();
    }
  });

  it('answers a 200 that is not an event stream with 502 before the first byte', async () => {
    const upstream = await startRawUpstream((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>login</html>');
    });
    try {
      const response = await streamCompletion({
        ...through(upstream.url),
        params: { model: 'm', messages },
      }).toResponse();
      expect(response.status).toBe(502);
      expect((await response.json()).error.code).toBe('upstream_unavailable');
    } finally {
      await upstream.close();
    }
  });

  it('ends the model call when the reader takes nothing for readerTimeoutMs', async () => {
    const mock = await startMockOpenAI({ tokensPerSecond: 0 });
    try {
      const closed = new Promise<boolean>((resolve) =>
        mock.on('close', (event) => resolve(event.completed)),
      );
      const stream = streamCompletion({
        ...through(mock.url),
        params: { model: 'm', messages: [{ role: 'user', content: 'x [mock tokens=200000]' }] },
        readerTimeoutMs: 300,
      });
      const response = await stream.toResponse();
      expect(response.status).toBe(200);
      // Never read: the queue fills, the upstream pauses, and the bound ends it.
      expect(await closed).toBe(false);
      expect(stream.errorCode).toBe('reader_timeout');
      await response.body?.cancel();
    } finally {
      await mock.close();
    }
  });

  it('throws the failure before the first byte from the events iterator', async () => {
    const upstream = await startRawUpstream((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end('{"error":{"message":"bad model sk-secret"}}');
    });
    try {
      const stream = streamCompletion({
        ...through(upstream.url),
        params: { model: 'm', messages },
      });
      const iterator = stream.events[Symbol.asyncIterator]();
      const failure = await iterator.next().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StreamError);
      expect(failure).toMatchObject({ status: 502, code: 'upstream_rejected' });
      expect((failure as Error).message).not.toContain('sk-secret');
    } finally {
      await upstream.close();
    }
  });
});
