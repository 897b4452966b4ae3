import { type RunningServer, startServer } from '@tokenwire/api';
import type { TokenwireEvent } from '@tokenwire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerationError } from './errors/generation-error.js';
import { HttpError } from './errors/http-error.js';
import { isAbortError } from './errors/is-abort-error.js';
import { StreamAbortedError } from './errors/stream-aborted-error.js';
import type { TokenwireError } from './errors/tokenwire-error.js';
import { streamChat } from './stream-chat.js';

let api: RunningServer;
let chatUrl: string;
beforeAll(async () => {
  // No OPENAI_* variables: the API streams from its embedded demo upstream.
  api = await startServer({
    env: { RATE_LIMIT_PER_MINUTE: '0', UPSTREAM_MAX_RETRIES: '0' },
    port: 0,
    host: '127.0.0.1',
    logger: false,
  });
  chatUrl = `${api.url}/api/chat`;
});
afterAll(() => api.close());

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

async function failure(promise: Promise<unknown>): Promise<TokenwireError> {
  return promise.then(
    () => {
      throw new Error('expected the stream to fail');
    },
    (error: unknown) => error as TokenwireError,
  );
}

describe('streamChat against the real API (demo upstream)', () => {
  it('streams a whole answer: start, deltas, finish, and a result that matches them', async () => {
    const stream = streamChat(chatUrl, ask('Tell me about streaming. [mock tokens=120 rate=0]'));
    const events: TokenwireEvent[] = [];
    for await (const event of stream) events.push(event);
    const result = await stream.result;

    expect(events[0]?.type).toBe('start');
    expect(events.at(-1)).toMatchObject({ type: 'finish', reason: 'stop' });
    const text = events.map((event) => (event.type === 'text-delta' ? event.delta : '')).join('');
    expect(result.text).toBe(text);
    expect(text.length).toBeGreaterThan(0);
    expect(result.finishReason).toBe('stop');
    expect(result.generationId).toBe((events[0] as { id: string }).id);
    expect(result.model.length).toBeGreaterThan(0);
    expect(result.lastEventId).toBe(String(events.length - 1));
  });

  it('passes the finish reason through (length)', async () => {
    const result = await streamChat(chatUrl, ask('Go on. [mock finish=length rate=0]')).result;
    expect(result.finishReason).toBe('length');
  });

  it('turns an upstream failure before the first byte into a retryable HttpError', async () => {
    const error = await failure(streamChat(chatUrl, ask('Fail please. [mock status=500]')).result);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ kind: 'http', retryable: true });
    expect((error as HttpError).status).toBeGreaterThanOrEqual(500);
    expect(error.code).not.toMatch(/^http_/);
  });

  it('reports an invalid request with the API code, not retryable', async () => {
    const error = await failure(streamChat(chatUrl, { messages: [] }).result);
    expect(error).toMatchObject({ kind: 'http', status: 400, retryable: false });
    expect(error.code).not.toMatch(/^http_/);
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('turns a connection drop upstream into a GenerationError that keeps the partial text', async () => {
    const error = await failure(
      streamChat(chatUrl, ask('Drop it. [mock tokens=100 drop=5 rate=0]')).result,
    );
    expect(error).toBeInstanceOf(GenerationError);
    expect(error.retryable).toBe(true);
    expect(error.partial.text.length).toBeGreaterThan(0);
    expect(error.partial.generationId).toEqual(expect.any(String));
  });

  it('stops a slow answer at once on abort and keeps what arrived', async () => {
    const controller = new AbortController();
    // 2,000 tokens at 50/s would take 40 s.
    const stream = streamChat(chatUrl, ask('Slowly. [mock tokens=2000 rate=50]'), {
      signal: controller.signal,
      onText: (_delta, text) => {
        if (text.length > 0) controller.abort();
      },
    });
    const startedAt = Date.now();
    const error = await failure(stream.result);
    expect(error).toBeInstanceOf(StreamAbortedError);
    expect(isAbortError(error)).toBe(true);
    expect(error.partial.text.length).toBeGreaterThan(0);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
  });
});
