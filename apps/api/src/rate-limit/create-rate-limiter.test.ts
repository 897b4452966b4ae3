import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './create-rate-limiter.js';

describe('createRateLimiter', () => {
  it('allows perMinute requests at once, then says when the next one is allowed', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 3, now: () => now });
    for (let index = 0; index < 3; index++) expect(limiter.take('a').isAllowed).toBe(true);
    expect(limiter.take('a')).toEqual({ isAllowed: false, retryAfterSeconds: 20 });
    expect(limiter.take('b').isAllowed).toBe(true);
    now = 19_000;
    expect(limiter.take('a')).toEqual({ isAllowed: false, retryAfterSeconds: 1 });
    now = 20_000;
    expect(limiter.take('a').isAllowed).toBe(true);
    expect(limiter.take('a').isAllowed).toBe(false);
  });

  it('forgets clients whose budget refilled, so memory follows active clients', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, now: () => now });
    for (let index = 0; index < 1000; index++) limiter.take(`10.0.${index >> 8}.${index & 255}`);
    expect(limiter.size).toBe(1000);
    now = 61_000;
    limiter.take('192.0.2.1');
    expect(limiter.size).toBe(1);
  });
});
