import { GenerationError, isAbortError, streamChat } from '@tokenwire/client';
import { type MockCloseEvent, type MockOpenAI, startMockOpenAI } from '@tokenwire/mock-openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** An example's app, listening on a free port. */
export interface ExampleServer {
  /** Where its chat route is, e.g. `http://127.0.0.1:40123/chat`. */
  url: string;
  close(): Promise<void>;
}

/** What the suite builds an example's app with. */
export interface StartExampleOptions {
  client: OpenAI;
  heartbeatMs: number;
  maxRetries: number;
}

/** Builds the example's app around `client` and starts it on port 0. */
export type StartExample = (options: StartExampleOptions) => Promise<ExampleServer>;

const PIECES = ['Hel', 'lo', ' <b>"wörld"</b>', '\n\n', '👋', ' é', '\\n', '\u2028', '!'];
const API_KEY = 'sk-example-key';
const WRONG_KEY = 'sk-wrong-canary';
const HEARTBEAT_MS = 100;

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

/**
 * Pins what an example must do as a user would run it: exact text, Stop reaching the model,
 * errors before the first byte as HTTP statuses, after it as an `error` event, and heartbeats.
 *
 * @example
 * describeExample('the Fastify example', async (options) => {
 *   const app = createApp(options);
 *   const address = await app.listen({ port: 0, host: '127.0.0.1' });
 *   return { url: `${address}/chat`, close: () => app.close() };
 * });
 */
export function describeExample(name: string, startExample: StartExample): void {
  describe(name, () => {
    let mock: MockOpenAI;
    let app: ExampleServer;
    let refusedApp: ExampleServer;

    beforeAll(async () => {
      mock = await startMockOpenAI({ tokensPerSecond: 0, tokens: () => PIECES, apiKey: API_KEY });
      const options = { heartbeatMs: HEARTBEAT_MS, maxRetries: 0 };
      app = await startExample({
        client: new OpenAI({ baseURL: mock.url, apiKey: API_KEY }),
        ...options,
      });
      refusedApp = await startExample({
        client: new OpenAI({ baseURL: mock.url, apiKey: WRONG_KEY }),
        ...options,
      });
    });
    afterAll(async () => {
      await Promise.all([app?.close(), refusedApp?.close()]);
      await mock?.close();
    });

    it('streams the exact text to @tokenwire/client', async () => {
      const result = await streamChat(app.url, ask('Hi')).result;
      expect(result.text).toBe(PIECES.join(''));
      expect(result.finishReason).toBe('stop');
    });

    it('Stop: aborting the client ends the model call within 100 ms', async () => {
      // The first abort in a process also runs Node's fetch (undici) abort path cold, once per
      // hop, which alone can take most of the 100 ms on a busy machine: warm it, then measure.
      await stopAfterFirstText(mock, app.url, 'warm-up');
      const { closeEvent, latencyMs } = await stopAfterFirstText(mock, app.url, 'measured');
      expect(closeEvent.completed).toBe(false);
      expect(latencyMs).toBeLessThan(100);
    });

    it('answers a 429 from the model with 429 upstream_rate_limited and Retry-After, before the first byte', async () => {
      const response = await postChat(app.url, 'x [mock status=429]');
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toEqual({
        error: { code: 'upstream_rate_limited', message: expect.any(String) },
      });
    });

    it('answers a refused key with 502 upstream_auth, without the key', async () => {
      const response = await postChat(refusedApp.url, 'Hi');
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await response.text();
      expect(JSON.parse(body)).toEqual({
        error: { code: 'upstream_auth', message: expect.any(String) },
      });
      expect(body).not.toContain('canary');
    });

    it('ends with a retryable upstream_unavailable error when the model drops mid-answer', async () => {
      const failure = await streamChat(app.url, ask('x [mock drop=3]')).result.catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(GenerationError);
      expect(failure).toMatchObject({ code: 'upstream_unavailable', retryable: true });
      expect((failure as GenerationError).partial.text).toBe(PIECES.slice(0, 3).join(''));
    });

    it('sends heartbeats while the model is silent', async () => {
      const response = await postChat(app.url, 'x [mock stall=700 stallAfter=2]');
      expect(response.status).toBe(200);
      const body = await response.text();
      // One when the stream opens, then about one per 100 ms of the 700 ms silence.
      expect(body.split(': ping\n\n').length - 1).toBeGreaterThanOrEqual(4);
      expect(body).toContain('"type":"finish"');
    });
  });
}

function postChat(url: string, content: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ask(content)),
  });
}

/** Aborts a slow answer at its first text; how long until the model's connection closed. */
async function stopAfterFirstText(
  mock: MockOpenAI,
  url: string,
  label: string,
): Promise<{ closeEvent: MockCloseEvent; latencyMs: number }> {
  const closed = new Promise<MockCloseEvent>((resolve) => {
    const onClose = (event: MockCloseEvent) => {
      mock.off('close', onClose);
      resolve(event);
    };
    mock.on('close', onClose);
  });
  const controller = new AbortController();
  let abortedAt = 0;
  const stream = streamChat(url, ask(`Go slowly [mock rate=20 tokens=100 id=${label}]`), {
    signal: controller.signal,
    onText: () => {
      if (abortedAt > 0) return;
      abortedAt = performance.now();
      controller.abort();
    },
  });
  const failure = await stream.result.catch((error: unknown) => error);
  expect(isAbortError(failure)).toBe(true);
  const closeEvent = await closed;
  return { closeEvent, latencyMs: closeEvent.at - abortedAt };
}
