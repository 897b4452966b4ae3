import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRawRequest } from '../test-support/send-raw-request.js';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

const REQUEST_TIMEOUT_MS = 300;

describe('requests Node refuses before the app sees them', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } });
  });
  afterAll(() => stack.close());

  const expectJsonError = (answer: { headers: Record<string, string>; body: string }) => {
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers.connection).toBe('close');
    const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
    expect(typeof body.error.message).toBe('string');
    return body.error.code;
  };

  it('answers malformed HTTP with 400 bad_request as JSON', async () => {
    const answer = await sendRawRequest(stack.api.url, ['GET / HTTP/1.1\r\nHost x\r\n\r\n']);
    expect(answer.status).toBe(400);
    expect(expectJsonError(answer)).toBe('bad_request');
  });

  it('answers headers over Node’s 16 KiB limit with 431 headers_too_large as JSON', async () => {
    const answer = await sendRawRequest(stack.api.url, [
      `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    ]);
    expect(answer.status).toBe(431);
    expect(expectJsonError(answer)).toBe('headers_too_large');
  });

  it('answers a chat body that never ends with 408 request_timeout and closes the connection', async () => {
    const answer = await sendRawRequest(
      stack.api.url,
      [
        'POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
        '{"messages":',
      ],
      { timeoutMs: 5_000 },
    );
    expect(answer.status).toBe(408);
    expect(expectJsonError(answer)).toBe('request_timeout');
    expect(answer.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(stack.logs.some((line) => line.errorCode === 'request_timeout')).toBe(true);
  });

  it('answers headers that never end with 408 too', async () => {
    const answer = await sendRawRequest(
      stack.api.url,
      ['GET /api/health HTTP/1.1\r\nHost: x\r\n'],
      {
        timeoutMs: 5_000,
      },
    );
    expect(answer.status).toBe(408);
    expect(expectJsonError(answer)).toBe('request_timeout');
  });

  it('answers a request the adapter cannot route (target *, a Host that is no host) with 400 bad_request as JSON', async () => {
    for (const head of ['OPTIONS * HTTP/1.1\r\nHost: x', 'GET /api/health HTTP/1.1\r\nHost: a b']) {
      const answer = await sendRawRequest(stack.api.url, [`${head}\r\nConnection: close\r\n\r\n`]);
      expect(answer.status).toBe(400);
      expect(expectJsonError(answer)).toBe('bad_request');
    }
    const unroutable = stack.logs.filter((line) => line.msg === 'client error' && 'reason' in line);
    expect(unroutable).toHaveLength(2);
  });

  it('still serves the next connection normally', async () => {
    const response = await fetch(`${stack.api.url}/api/health`);
    expect(response.status).toBe(200);
  });
});
