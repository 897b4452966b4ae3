import type { ServerResponse } from 'node:http';
import type { TokenwireEvent } from '@tokenwire/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DecodeError } from './errors/decode-error.js';
import { GenerationError } from './errors/generation-error.js';
import { HttpError } from './errors/http-error.js';
import { isAbortError } from './errors/is-abort-error.js';
import { NetworkError } from './errors/network-error.js';
import { StreamAbortedError } from './errors/stream-aborted-error.js';
import { TruncatedStreamError } from './errors/truncated-stream-error.js';
import { streamChat } from './stream-chat.js';
import {
  delay,
  frames,
  openStream,
  startTestServer,
  type TestServer,
} from './test-support/start-test-server.js';

const body = { messages: [{ role: 'user' as const, content: 'Hi' }] };
const answer: TokenwireEvent[] = [
  { type: 'start', id: 'gen_1', model: 'demo-1' },
  { type: 'text-delta', delta: 'Hello' },
  { type: 'text-delta', delta: ', wörld 👋' },
  { type: 'finish', reason: 'stop', usage: { promptTokens: 3, completionTokens: 2 } },
];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

/** Answers the POST with `events`; a resume (GET) with 404, as an API that does not keep them. */
function serve(events: TokenwireEvent[], { end = true } = {}): void {
  server.handle((request, response) => {
    if (request.method === 'GET') {
      notFound(response);
      return;
    }
    openStream(response);
    response.write(': ping\n\n');
    response.write(frames(events));
    if (end) response.end();
  });
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'Content-Type': 'application/json' });
  response.end(
    JSON.stringify({ error: { code: 'generation_not_found', message: 'No such generation.' } }),
  );
}

async function collect(iterable: AsyncIterable<TokenwireEvent>): Promise<TokenwireEvent[]> {
  const events: TokenwireEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('streamChat: a complete answer', () => {
  it('yields every event in order and resolves the result with text, reason, usage and ids', async () => {
    serve(answer);
    const stream = streamChat(server.url, body);
    expect(await collect(stream)).toEqual(answer);
    expect(await stream.result).toEqual({
      text: 'Hello, wörld 👋',
      reasoning: '',
      toolCalls: [],
      finishReason: 'stop',
      usage: { promptTokens: 3, completionTokens: 2 },
      generationId: 'gen_1',
      model: 'demo-1',
      lastEventId: '3',
    });
  });

  it('calls onEvent for each event and onText with each delta and the text so far', async () => {
    serve(answer);
    const onEvent = vi.fn();
    const onText = vi.fn();
    await streamChat(server.url, body, { onEvent, onText }).result;
    expect(onEvent.mock.calls.map(([event]) => event)).toEqual(answer);
    expect(onText.mock.calls).toEqual([
      ['Hello', 'Hello'],
      [', wörld 👋', 'Hello, wörld 👋'],
    ]);
  });

  it('POSTs the body as JSON with the protocol Accept header and the caller headers', async () => {
    serve(answer);
    await streamChat(server.url, { ...body, temperature: 0 }, { headers: { 'X-Trace': 'abc' } })
      .result;
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.accept).toBe('text/event-stream');
    expect(request?.headers['x-trace']).toBe('abc');
    expect(JSON.parse(request?.body ?? '')).toEqual({ ...body, temperature: 0 });
  });

  it('decodes a 4-byte emoji and a CRLF split across separate network writes', async () => {
    server.handle(async (_request, response) => {
      openStream(response);
      const bytes = new TextEncoder().encode(
        frames([answer[0] as TokenwireEvent, { type: 'text-delta', delta: 'a🎉b' }]).replace(
          /\n/g,
          '\r\n',
        ) + frames([{ type: 'finish', reason: 'length' }], 2),
      );
      const emojiAt = bytes.indexOf(0xf0);
      const crlfAt = bytes.indexOf(13);
      for (const [from, to] of [
        [0, crlfAt + 1],
        [crlfAt + 1, emojiAt + 2],
        [emojiAt + 2, bytes.length],
      ] as const) {
        response.write(bytes.subarray(from, to));
        await delay(5);
      }
      response.end();
    });
    const result = await streamChat(server.url, body).result;
    expect(result.text).toBe('a🎉b');
    expect(result.finishReason).toBe('length');
    expect(result.usage).toBeUndefined();
  });

  it('replays every event to an iterator started after the stream finished', async () => {
    serve(answer);
    const stream = streamChat(server.url, body);
    await stream.result;
    expect(await collect(stream)).toEqual(answer);
    expect(await collect(stream)).toEqual(answer);
  });

  it('uses an injected fetch, and accepts a hand-made Response without Content-Type', async () => {
    const fetch = vi.fn(
      async (_input: string | URL, _init: RequestInit) =>
        new Response(new Blob([frames(answer)]).stream()),
    );
    const result = await streamChat('https://example.test/chat', body, { fetch }).result;
    expect(result.text).toBe('Hello, wörld 👋');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String(fetch.mock.calls[0]?.[0])).toBe('https://example.test/chat');
    expect(fetch.mock.calls[0]?.[1].method).toBe('POST');
  });
});

describe('streamChat: typed errors', () => {
  it('turns a 429 with the API JSON error and Retry-After into a retryable HttpError', async () => {
    server.handle((_request, response) => {
      response.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '3' });
      response.end(JSON.stringify({ error: { code: 'rate_limited', message: 'Slow down.' } }));
    });
    const stream = streamChat(server.url, body);
    const error = await rejection(stream.result);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      kind: 'http',
      status: 429,
      code: 'rate_limited',
      message: 'Slow down.',
      retryable: true,
      retryAfterMs: 3000,
      partial: { text: '' },
    });
    await expect(collect(stream)).rejects.toBe(error);
  });

  it('falls back to http_<status> for a non-JSON error page and marks 4xx not retryable', async () => {
    server.handle((_request, response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' });
      response.end('<h1>Bad Gateway</h1>');
    });
    expect(await rejection(streamChat(server.url, body).result)).toMatchObject({
      kind: 'http',
      status: 502,
      code: 'http_502',
      retryable: true,
    });
    server.handle((_request, response) => {
      response.writeHead(400, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'invalid_request', message: 'No messages.' } }));
    });
    expect(await rejection(streamChat(server.url, body).result)).toMatchObject({
      code: 'invalid_request',
      retryable: false,
    });
  });

  it('yields the error event, then throws a GenerationError carrying its code, message and retryable', async () => {
    const events: TokenwireEvent[] = [
      answer[0] as TokenwireEvent,
      { type: 'text-delta', delta: 'Half an ans' },
      {
        type: 'error',
        code: 'upstream_unavailable',
        message: 'The model is down.',
        retryable: true,
      },
    ];
    serve(events);
    const stream = streamChat(server.url, body);
    const seen: TokenwireEvent[] = [];
    const thrown = await rejection(
      (async () => {
        for await (const event of stream) seen.push(event);
      })(),
    );
    expect(seen).toEqual(events);
    expect(thrown).toBeInstanceOf(GenerationError);
    expect(thrown).toMatchObject({
      kind: 'generation',
      code: 'upstream_unavailable',
      message: 'The model is down.',
      retryable: true,
      partial: { text: 'Half an ans', generationId: 'gen_1', model: 'demo-1', lastEventId: '2' },
    });
    expect(await rejection(stream.result)).toBe(thrown);
  });

  it('reports a body that ends without finish or error, and cannot be resumed, as a retryable TruncatedStreamError', async () => {
    serve(answer.slice(0, 2));
    const error = await rejection(streamChat(server.url, body).result);
    expect(error).toBeInstanceOf(TruncatedStreamError);
    expect(error).toMatchObject({
      kind: 'truncated',
      code: 'truncated',
      retryable: true,
      partial: { text: 'Hello', generationId: 'gen_1', lastEventId: '1' },
      resumeError: { kind: 'http', status: 404, code: 'generation_not_found' },
    });
    expect(server.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
  });

  it('with resuming turned off, fails at the first interruption without a second request', async () => {
    serve(answer.slice(0, 2));
    const error = await rejection(streamChat(server.url, body, { maxResumeAttempts: 0 }).result);
    expect(error).toMatchObject({ kind: 'truncated', resumeError: undefined });
    expect(server.requests).toHaveLength(1);
  });

  it('reports malformed JSON in a frame as a DecodeError that is not retryable', async () => {
    server.handle((_request, response) => {
      openStream(response);
      response.end(`${frames(answer.slice(0, 2))}id: 2\ndata: {"type":"text-delta",\n\n`);
    });
    const error = await rejection(streamChat(server.url, body).result);
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toMatchObject({ kind: 'decode', code: 'malformed_event', retryable: false });
    expect((error as DecodeError).partial.text).toBe('Hello');
  });

  it('reports an event larger than maxEventSize as event_too_large', async () => {
    serve([answer[0] as TokenwireEvent, { type: 'text-delta', delta: 'x'.repeat(5000) }]);
    const error = await rejection(streamChat(server.url, body, { maxEventSize: 1000 }).result);
    expect(error).toMatchObject({ kind: 'decode', code: 'event_too_large' });
  });

  it('reports a text-delta before start as an invalid_event DecodeError', async () => {
    serve(answer.slice(1));
    expect(await rejection(streamChat(server.url, body).result)).toMatchObject({
      kind: 'decode',
      code: 'invalid_event',
    });
  });

  it('rejects a 200 that is an HTML page instead of an event stream', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<!doctype html><title>app</title>');
    });
    expect(await rejection(streamChat(server.url, body).result)).toMatchObject({
      kind: 'decode',
      code: 'unexpected_response',
    });
  });

  it('reports an unreachable server as a retryable NetworkError', async () => {
    const closed = await startTestServer();
    const url = closed.url;
    await closed.close();
    const error = await rejection(streamChat(url, body).result);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ kind: 'network', code: 'network_error', retryable: true });
    expect(isAbortError(error)).toBe(false);
  });

  it('reports a connection dropped mid-answer as a NetworkError that keeps the partial text', async () => {
    server.handle(async (request, response, raw) => {
      if (request.method === 'GET') return notFound(response);
      openStream(response);
      response.write(frames(answer.slice(0, 2)));
      await delay(20);
      raw.socket.destroy();
    });
    const error = await rejection(streamChat(server.url, body).result);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).partial.text).toBe('Hello');
    expect((error as NetworkError).resumeError?.code).toBe('generation_not_found');
  });

  it('rejects with what a callback threw, and stops reading', async () => {
    serve(answer);
    const bug = new Error('callback bug');
    const onText = vi.fn(() => {
      throw bug;
    });
    expect(await rejection(streamChat(server.url, body, { onText }).result)).toBe(bug);
    expect(onText).toHaveBeenCalledTimes(1);
  });
});

describe('streamChat: abort', () => {
  /** Sends start and one delta, then holds the response open until the client goes away. */
  function serveSlowly(): Promise<void> {
    return new Promise((clientLeft) => {
      server.handle((_request, response) => {
        openStream(response);
        response.write(frames(answer.slice(0, 2)));
        response.on('close', () => clientLeft());
      });
    });
  }

  it('rejects at once with a StreamAbortedError that keeps the partial text, and closes the request', async () => {
    const clientLeft = serveSlowly();
    const controller = new AbortController();
    const stream = streamChat(server.url, body, {
      signal: controller.signal,
      onText: () => controller.abort('user pressed stop'),
    });
    const error = await rejection(stream.result);
    expect(error).toBeInstanceOf(StreamAbortedError);
    expect(isAbortError(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'aborted',
      reason: 'user pressed stop',
      partial: { text: 'Hello', generationId: 'gen_1' },
    });
    expect(stream.text).toBe('Hello');
    await clientLeft;
  });

  it('never calls fetch when the signal is already aborted', async () => {
    const fetch = vi.fn(async () => new Response(frames(answer)));
    const stream = streamChat(server.url, body, { signal: AbortSignal.abort(), fetch });
    expect(isAbortError(await rejection(stream.result))).toBe(true);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('aborts while waiting for the response headers', async () => {
    let clientLeft: () => void = () => {};
    const left = new Promise<void>((resolve) => {
      clientLeft = resolve;
    });
    server.handle((_request, response) => {
      response.on('close', () => clientLeft());
    });
    const stream = streamChat(server.url, body);
    await delay(20);
    stream.abort();
    expect(await rejection(stream.result)).toBeInstanceOf(StreamAbortedError);
    await left;
  });

  it('aborts the request when a for-await loop is left early, without an unhandled rejection', async () => {
    const clientLeft = serveSlowly();
    const stream = streamChat(server.url, body);
    for await (const event of stream) {
      if (event.type === 'text-delta') break;
    }
    await clientLeft;
    expect(isAbortError(await rejection(stream.result))).toBe(true);
  });

  it('ignores an abort after the answer finished', async () => {
    serve(answer);
    const controller = new AbortController();
    const stream = streamChat(server.url, body, { signal: controller.signal });
    const result = await stream.result;
    controller.abort();
    expect(await stream.result).toBe(result);
  });
});

describe('streamChat: no unhandled rejections', () => {
  async function unhandledDuring(run: () => Promise<void>): Promise<unknown[]> {
    const seen: unknown[] = [];
    const listener = (reason: unknown): void => {
      seen.push(reason);
    };
    process.on('unhandledRejection', listener);
    try {
      await run();
      await delay(20);
    } finally {
      process.off('unhandledRejection', listener);
    }
    return seen;
  }

  it('when the caller only iterates a failing stream', async () => {
    serve(answer.slice(0, 2));
    const seen = await unhandledDuring(async () => {
      await expect(collect(streamChat(server.url, body))).rejects.toBeInstanceOf(
        TruncatedStreamError,
      );
    });
    expect(seen).toEqual([]);
  });

  it('when the caller only awaits the result, or only uses callbacks', async () => {
    serve(answer.slice(0, 2));
    const onText = vi.fn();
    const seen = await unhandledDuring(async () => {
      await expect(streamChat(server.url, body).result).rejects.toBeInstanceOf(
        TruncatedStreamError,
      );
      streamChat(server.url, body, { onText });
      await delay(50);
    });
    expect(seen).toEqual([]);
    expect(onText).toHaveBeenCalledWith('Hello', 'Hello');
  });
});
