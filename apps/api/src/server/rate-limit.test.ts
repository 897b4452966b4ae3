import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

const invalidChat = (stack: TestStack, headers: Record<string, string> = {}) =>
  stack.chat('{}', { headers }).then(async (response) => {
    await response.arrayBuffer();
    return response;
  });

describe('rate limit per client IP', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => stack.close());

  it('answers 429 rate_limited with Retry-After past RATE_LIMIT_PER_MINUTE', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await invalidChat(stack)).status).toBe(400);
    }
    const limited = await stack.chat('{}');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    expect(await limited.json()).toEqual({
      error: { code: 'rate_limited', message: expect.any(String) },
    });
  });

  it('never limits health checks', async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await fetch(`${stack.api.url}/api/health`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
  });

  it('ignores X-Forwarded-For from a proxy that is not trusted', async () => {
    const spoofed = await invalidChat(stack, { 'x-forwarded-for': '203.0.113.99' });
    expect(spoofed.status).toBe(429);
  });
});

describe('rate limit behind a trusted proxy (TRUST_PROXY)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => stack.close());

  it('gives each forwarded client its own budget', async () => {
    const alice = { 'x-forwarded-for': '203.0.113.1' };
    const bob = { 'x-forwarded-for': '198.51.100.2' };
    expect((await invalidChat(stack, alice)).status).toBe(400);
    expect((await invalidChat(stack, alice)).status).toBe(400);
    expect((await invalidChat(stack, alice)).status).toBe(429);
    expect((await invalidChat(stack, bob)).status).toBe(400);
    // A client prepending its own "address" does not escape: the proxy's entry is the one used.
    expect((await invalidChat(stack, { 'x-forwarded-for': '10.9.9.9, 203.0.113.1' })).status).toBe(
      429,
    );
  });

  it('logs the forwarded client IP', () => {
    const lines = stack.logs.filter((line) => line.msg === 'request');
    expect(lines.some((line) => line.ip === '198.51.100.2')).toBe(true);
  });
});

describe('RATE_LIMIT_PER_MINUTE=0', () => {
  it('turns the limit off', async () => {
    const stack = await startTestStack({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
    try {
      for (let attempt = 0; attempt < 80; attempt++) {
        expect((await invalidChat(stack)).status).toBe(400);
      }
    } finally {
      await stack.close();
    }
  });
});
