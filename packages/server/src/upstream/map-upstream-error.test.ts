import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { mapUpstreamError } from './map-upstream-error.js';

describe('mapUpstreamError', () => {
  it('answers a process out of descriptors with a retryable 503 server_busy, not a 502', () => {
    const socketError = Object.assign(new Error('connect EMFILE 127.0.0.1:443'), {
      code: 'EMFILE',
    });
    const error = new OpenAI.APIConnectionError({
      cause: new TypeError('fetch failed', { cause: socketError }),
    });
    expect(mapUpstreamError(error)).toMatchObject({
      status: 503,
      code: 'server_busy',
      retryable: true,
      retryAfterSeconds: 1,
    });
  });

  it('keeps an ordinary connection failure a 502 upstream_unavailable', () => {
    const error = new OpenAI.APIConnectionError({ cause: new TypeError('fetch failed') });
    expect(mapUpstreamError(error)).toMatchObject({ status: 502, code: 'upstream_unavailable' });
  });

  it('never passes the provider’s own message on (a 401 names the key it refused)', () => {
    const error = OpenAI.APIError.generate(
      401,
      { error: { message: 'Incorrect API key provided: sk-canary' } },
      undefined,
      new Headers(),
    );
    const mapped = mapUpstreamError(error);
    expect(mapped).toMatchObject({ status: 502, code: 'upstream_auth' });
    expect(mapped.message).not.toContain('sk-canary');
  });
});
