import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { type LaunchedServer, launchServer } from '../server/launch-server.js';
import { readStream } from '../test-support/read-stream.js';
import { startTestStack, TEST_API_KEY, type TestStack } from '../test-support/start-test-stack.js';

interface ErrorBody {
  error: { code: string; message: string };
}

async function expectError(response: Response, status: number, code: string): Promise<string> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as ErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(text).not.toContain(TEST_API_KEY);
  return body.error.message;
}

describe('errors before the first byte', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      env: { MAX_BODY_BYTES: '4096', MAX_MESSAGES: '3', MAX_INPUT_CHARS: '500' },
    });
  });
  afterAll(() => stack.close());

  it('answers malformed JSON with 400 invalid_json', async () => {
    await expectError(await stack.chat('{"messages": [}'), 400, 'invalid_json');
  });

  it('answers a schema violation with 400 naming the field', async () => {
    const wrongRole = await stack.chat({ messages: [{ role: 'robot', content: 'hi' }] });
    expect(await expectError(wrongRole, 400, 'invalid_request')).toMatch(/^messages\.0\.role: /);
    const noMessages = await stack.chat({ model: 'x' });
    expect(await expectError(noMessages, 400, 'invalid_request')).toMatch(/^messages: /);
    const hotTemperature = await stack.chat({
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 7,
    });
    expect(await expectError(hotTemperature, 400, 'invalid_request')).toMatch(/^temperature: /);
    const fractionalTokens = await stack.chat({
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 1.5,
    });
    expect(await expectError(fractionalTokens, 400, 'invalid_request')).toMatch(/^max_tokens: /);
    const notAnObject = await stack.chat('[1, 2]');
    expect(await expectError(notAnObject, 400, 'invalid_request')).toMatch(/^body: /);
  });

  it('answers a wrong content type with 415', async () => {
    const response = await fetch(`${stack.api.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });
    await expectError(response, 415, 'unsupported_media_type');
  });

  it('accepts application/json with a charset', async () => {
    const response = await stack.chat(
      { messages: [{ role: 'user', content: 'hi [mock tokens=2]' }] },
      { headers: { 'content-type': 'application/json; charset=utf-8' } },
    );
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  it('answers a body over the limit with 413, by Content-Length and while reading', async () => {
    const big = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(5000) }] });
    await expectError(await stack.chat(big), 413, 'payload_too_large');

    // Chunked, with no Content-Length: the limit is enforced while the body arrives.
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(
        `${stack.api.url}/api/chat`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            body += chunk;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      request.on('error', reject);
      request.write(big.slice(0, 3000));
      request.end(big.slice(3000));
    });
    expect(status.status).toBe(413);
    expect(JSON.parse(status.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers too many messages and too many characters with 400', async () => {
    const many = Array.from({ length: 4 }, () => ({ role: 'user', content: 'hi' }));
    await expectError(await stack.chat({ messages: many }), 400, 'too_many_messages');
    const long = [
      { role: 'system', content: 'x'.repeat(300) },
      { role: 'user', content: 'y'.repeat(201) },
    ];
    await expectError(await stack.chat({ messages: long }), 400, 'input_too_long');
  });

  it('maps an upstream 401 and 403 to 502 upstream_auth without echoing the key', async () => {
    await expectError(await stack.ask('hi [mock status=401]'), 502, 'upstream_auth');
    await expectError(await stack.ask('hi [mock status=403]'), 502, 'upstream_auth');
  });

  it('maps an upstream 429 to a retryable 429 upstream_rate_limited with Retry-After', async () => {
    const response = await stack.ask('hi [mock status=429]');
    expect(response.headers.get('retry-after')).toBe('1');
    await expectError(response, 429, 'upstream_rate_limited');
  });

  it('maps an upstream 5xx to 502 upstream_unavailable', async () => {
    await expectError(await stack.ask('hi [mock status=500]'), 502, 'upstream_unavailable');
    await expectError(await stack.ask('hi [mock status=503]'), 502, 'upstream_unavailable');
  });

  it('maps other upstream 4xx to 502 upstream_rejected', async () => {
    await expectError(await stack.ask('hi [mock status=404]'), 502, 'upstream_rejected');
  });

  it('answers unknown routes and methods with JSON 404 and 405', async () => {
    await expectError(await fetch(`${stack.api.url}/api/nope`), 404, 'not_found');
    const get = await fetch(`${stack.api.url}/api/chat`);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    await expectError(get, 405, 'method_not_allowed');
  });
});

describe('upstream failures the SDK retries', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { UPSTREAM_MAX_RETRIES: '1' } });
  });
  afterAll(() => stack.close());

  it('recovers from a one-off upstream 500 through the SDK retry', async () => {
    const requestsBefore = stack.mock.totalRequests;
    const response = await stack.ask('hi [mock status=500 once id=retry-ok tokens=3]');
    expect(response.status).toBe(200);
    expect(stack.mock.totalRequests - requestsBefore).toBe(2);
    const stream = await readStream(response);
    expect(stream.last).toMatchObject({ type: 'finish', reason: 'stop' });
  });
});

describe('an unreachable or silent upstream', () => {
  let refused: LaunchedServer;
  let silent: LaunchedServer;
  let silentServer: NetServer;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // A port that was just free: nothing listens there, so the connection is refused.
    const probe: Server = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    refused = await launchServer(
      loadConfig({
        OPENAI_BASE_URL: `http://127.0.0.1:${closedPort}/v1`,
        UPSTREAM_MAX_RETRIES: '0',
        RATE_LIMIT_PER_MINUTE: '0',
      }),
      { port: 0, logger: false },
    );

    // Accepts connections and never answers.
    silentServer = createNetServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    const silentPort = (silentServer.address() as { port: number }).port;
    silent = await launchServer(
      loadConfig({
        OPENAI_BASE_URL: `http://127.0.0.1:${silentPort}/v1`,
        UPSTREAM_MAX_RETRIES: '0',
        UPSTREAM_TIMEOUT_MS: '300',
        RATE_LIMIT_PER_MINUTE: '0',
      }),
      { port: 0, logger: false },
    );
  });
  afterAll(async () => {
    await refused.close();
    await silent.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silentServer.close(() => resolve()));
  });

  const ask = (server: LaunchedServer) =>
    fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });

  it('maps a refused connection to 502 upstream_unavailable', async () => {
    await expectError(await ask(refused), 502, 'upstream_unavailable');
  });

  it('maps an upstream that never answers to 502 upstream_unavailable after UPSTREAM_TIMEOUT_MS', async () => {
    const started = performance.now();
    const message = await expectError(await ask(silent), 502, 'upstream_unavailable');
    expect(message).toMatch(/in time/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });
});
