import { request as httpRequest, type IncomingMessage } from 'node:http';
import { parseEvent } from '@tokenwire/protocol';
import { chunkFrame, type RawUpstream, startRawUpstream } from '@tokenwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { readStream } from '../test-support/read-stream.js';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

const SSE_HEADERS = { 'content-type': 'text/event-stream' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let stack: TestStack | undefined;
let upstream: RawUpstream | undefined;
afterEach(async () => {
  await stack?.close();
  await upstream?.close();
  stack = undefined;
  upstream = undefined;
});

async function start(
  handle: Parameters<typeof startRawUpstream>[0],
  env: Record<string, string>,
): Promise<TestStack> {
  upstream = await startRawUpstream(handle);
  stack = await startTestStack({ env: { OPENAI_BASE_URL: upstream.url, ...env } });
  return stack;
}

describe('bounds of @tokenwire/server through the API', () => {
  it('sends : ping at the heartbeat cadence while the model sends only chunks that make no event', async () => {
    const api = await start(
      async (_request, response) => {
        response.writeHead(200, SSE_HEADERS);
        response.write(chunkFrame({ role: 'assistant', content: '' }));
        // 2 s of upstream traffic that the client never sees: > 3 × HEARTBEAT_MS.
        for (let index = 0; index < 40 && !response.destroyed; index++) {
          response.write(index % 2 === 0 ? chunkFrame({ content: '' }) : chunkFrame({}));
          await sleep(50);
        }
        response.write(chunkFrame({ content: 'done' }));
        response.end(`${chunkFrame({}, { finish_reason: 'stop' })}data: [DONE]\n\n`);
      },
      { HEARTBEAT_MS: '300' },
    );
    const stream = await readStream(await api.ask('hi'));
    expect(stream.last).toMatchObject({ type: 'finish', reason: 'stop' });
    expect(stream.text).toBe('done');
    // About 6 at 300 ms over 2 s; upstream bytes used to postpone them all.
    expect(stream.comments.length).toBeGreaterThanOrEqual(3);
  }, 20_000);

  it('ends the model call of a reader that takes nothing after UPSTREAM_TIMEOUT_MS', async () => {
    let upstreamClosedAt = 0;
    const content = 'b'.repeat(64 * 1024);
    const api = await start(
      (_request, response) => {
        response.writeHead(200, SSE_HEADERS);
        response.on('close', () => {
          upstreamClosedAt = performance.now();
        });
        const pump = () => {
          while (!response.destroyed && response.write(chunkFrame({ content }))) {}
        };
        response.on('drain', pump);
        pump();
      },
      { UPSTREAM_TIMEOUT_MS: '1500' },
    );
    const { port } = new URL(api.api.url);
    const startedAt = performance.now();
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
    response.pause();
    response.on('error', () => {});
    while (upstreamClosedAt === 0 && performance.now() - startedAt < 15_000) await sleep(50);
    expect(upstreamClosedAt).toBeGreaterThan(0);
    // Generous: the bound is 1.5 s; 15 s would mean the model was held by the reader.
    expect(upstreamClosedAt - startedAt).toBeLessThan(12_000);
    response.destroy();
  }, 30_000);

  it('answers 502 within one UPSTREAM_TIMEOUT_MS, retries included, when the upstream never sends headers', async () => {
    const api = await start(() => {}, { UPSTREAM_TIMEOUT_MS: '1500', UPSTREAM_MAX_RETRIES: '3' });
    const startedAt = performance.now();
    const response = await api.ask('hi');
    const elapsed = performance.now() - startedAt;
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_unavailable' } });
    // 4 attempts of 1.5 s each would be 6 s; one deadline is 1.5 s (loaded box: generous).
    expect(elapsed).toBeLessThan(5_000);
  }, 30_000);

  it("passes the provider's 429 with Retry-After: 59 to the client at once", async () => {
    const api = await start(
      (_request, response) => {
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '59' });
        response.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit' } }));
      },
      { UPSTREAM_MAX_RETRIES: '3' },
    );
    const startedAt = performance.now();
    const response = await api.ask('hi');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('59');
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_rate_limited' } });
    expect(performance.now() - startedAt).toBeLessThan(20_000);
  }, 30_000);

  it('turns odd usage (strings, nulls, negatives) into a finish whose usage is numbers or absent', async () => {
    const usages: unknown[] = [
      { prompt_tokens: '12', completion_tokens: null, total_tokens: -3 },
      { prompt_tokens: 'NaN', completion_tokens: 1.5, total_tokens: {} },
      'usage',
      null,
      [],
    ];
    let next = 0;
    const api = await start((_request, response) => {
      const usage = usages[next++ % usages.length];
      response.writeHead(200, SSE_HEADERS);
      response.write(chunkFrame({ content: 'ok' }));
      response.write(chunkFrame({}, { finish_reason: 'stop' }));
      response.end(
        `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'raw', choices: [], usage })}\n\ndata: [DONE]\n\n`,
      );
    }, {});
    for (const _ of usages) {
      const stream = await readStream(await api.ask('hi'));
      const finish = stream.events.at(-1)?.event;
      expect(finish?.type).toBe('finish');
      // What @tokenwire/client runs on every event: an invalid one would be `invalid_event`.
      const reparsed = parseEvent(JSON.stringify(finish));
      expect(reparsed.type).toBe('finish');
      const usage = (finish as { usage?: Record<string, unknown> }).usage;
      if (usage !== undefined) {
        for (const value of Object.values(usage)) {
          expect(typeof value === 'number' && Number.isFinite(value) && value >= 0).toBe(true);
        }
      }
    }
  }, 30_000);
});
