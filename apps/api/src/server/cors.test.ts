import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from '../test-support/read-stream.js';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

const ALLOWED = 'https://chat.example.com';
const OTHER = 'https://evil.example.net';

describe('CORS from CORS_ORIGINS, with credentials', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      env: { CORS_ORIGINS: `${ALLOWED}, http://localhost:5173`, RATE_LIMIT_PER_MINUTE: '2' },
    });
  });
  afterAll(() => stack.close());

  it('answers the preflight of an allowed origin', async () => {
    const response = await fetch(`${stack.api.url}/api/chat`, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'content-type',
    );
  });

  it('sends the CORS headers on the stream itself', async () => {
    const response = await stack.ask('Hi [mock tokens=2]', { headers: { origin: ALLOWED } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-expose-headers')).toContain('X-Tokenwire-Protocol');
    expect(response.headers.get('vary')).toContain('Origin');
    expect((await readStream(response)).last).toMatchObject({ type: 'finish' });
  });

  it('sends them on errors too, so the browser can read the error', async () => {
    const response = await stack.chat('{oops', { headers: { origin: ALLOWED } });
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('sends them on a rate-limited 429 with Retry-After readable by the page', async () => {
    const ip = { origin: ALLOWED };
    let last: Response | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      last = await stack.chat('{}', { headers: ip });
      await last.arrayBuffer();
    }
    expect(last?.status).toBe(429);
    expect(last?.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(last?.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('gives no allow-origin to an origin that is not listed', async () => {
    const preflight = await fetch(`${stack.api.url}/api/chat`, {
      method: 'OPTIONS',
      headers: { origin: OTHER, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const health = await fetch(`${stack.api.url}/api/health`, { headers: { origin: OTHER } });
    expect(health.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS by default', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('is same-origin only: no CORS headers for any origin', async () => {
    const response = await stack.ask('Hi [mock tokens=1]', { headers: { origin: ALLOWED } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    await readStream(response);
    const preflight = await fetch(`${stack.api.url}/api/chat`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
