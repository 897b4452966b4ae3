import { describe, expect, it } from 'vitest';
import type { StreamOutcome } from '../client/start-stream.js';
import { createStreamPlan } from '../upstream/stream-plan.js';
import { summarizeRefusals } from './summarize-refusals.js';

function outcome(fields: Partial<StreamOutcome>): StreamOutcome {
  return {
    plan: createStreamPlan({ tokens: 10, tokensPerSecond: 5 }),
    isOk: false,
    error: undefined,
    status: undefined,
    received: 0,
    arrivals: undefined,
    requestedAt: 100,
    firstTokenAt: undefined,
    endedAt: 110,
    wireBytes: 0,
    bodyBytes: 0,
    retryAfter: undefined,
    errorBody: undefined,
    ...fields,
  };
}

const busy = JSON.stringify({ error: { code: 'server_busy', message: 'at capacity' } });

describe('summarizeRefusals', () => {
  it('counts completed streams, clean refusals and everything else apart', () => {
    const row = summarizeRefusals('tokenwire', 1024, [
      outcome({ isOk: true, status: 200, received: 10 }),
      outcome({ status: 503, retryAfter: '1', errorBody: busy, endedAt: 105 }),
      outcome({ status: 503, retryAfter: '1', errorBody: busy, endedAt: 130 }),
      outcome({ error: 'request failed: read ECONNRESET' }),
    ]);
    expect(row).toMatchObject({ offered: 4, completed: 1, refused: 2, failed: 1 });
    expect(row.refusalMs).toEqual({ p50: 5, max: 30 });
    expect(row.failureSamples).toEqual(['request failed: read ECONNRESET']);
  });

  it('does not count a 503 without Retry-After, with another code or after a token as clean', () => {
    const row = summarizeRefusals('node-pipe', 1024, [
      outcome({ status: 503, errorBody: busy, error: 'status 503' }),
      outcome({ status: 503, retryAfter: '1', errorBody: '{"error":{"code":"internal_error"}}' }),
      outcome({ status: 503, retryAfter: '1', errorBody: 'Service Unavailable' }),
      outcome({ status: 503, retryAfter: '1', errorBody: busy, received: 1 }),
      outcome({ status: 502, retryAfter: '1', errorBody: busy }),
    ]);
    expect(row).toMatchObject({ refused: 0, failed: 5 });
  });
});
