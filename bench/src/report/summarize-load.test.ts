import { describe, expect, it } from 'vitest';
import type { StreamOutcome } from '../client/start-stream.js';
import { createStreamPlan } from '../upstream/stream-plan.js';
import { summarizeLoad } from './summarize-load.js';

function completed(requestedAt: number): StreamOutcome {
  return {
    plan: createStreamPlan({ tokens: 500, tokensPerSecond: 50 }),
    isOk: true,
    error: undefined,
    status: 200,
    received: 500,
    arrivals: undefined,
    requestedAt,
    firstTokenAt: requestedAt + 5,
    endedAt: requestedAt + 10_000,
    wireBytes: 30_000,
    bodyBytes: 25_000,
    retryAfter: undefined,
    errorBody: undefined,
  };
}

describe('summarizeLoad', () => {
  const outcomes = [completed(0), completed(1), completed(2), completed(3)];

  it("gives the process's and its main thread's CPU per 1,000 delivered tokens", () => {
    const row = summarizeLoad('tokenwire', outcomes, {
      cpuSeconds: 0.5,
      loopCpuSeconds: 0.3,
      peakRssBytes: 100e6,
      baselineRssBytes: 60e6,
    });
    expect(row.tokensDelivered).toBe(2000);
    expect(row.cpuSecondsPer1000Tokens).toBeCloseTo(0.25, 9);
    expect(row.loopCpuSecondsPer1000Tokens).toBeCloseTo(0.15, 9);
    expect(row.rssPerOpenStreamBytes).toBe(10e6);
  });

  it('has no loop figure when the main thread could not be read, nor any CPU for direct', () => {
    const withoutLoop = summarizeLoad('node-pipe', outcomes, { cpuSeconds: 0.5, peakRssBytes: 1 });
    expect(withoutLoop.cpuSecondsPer1000Tokens).toBeCloseTo(0.25, 9);
    expect(withoutLoop.loopCpuSecondsPer1000Tokens).toBeNull();
    const direct = summarizeLoad('direct', outcomes, undefined);
    expect(direct.cpuSecondsPer1000Tokens).toBeNull();
    expect(direct.loopCpuSecondsPer1000Tokens).toBeNull();
  });

  it('splits each first token at the moment the upstream wrote it', () => {
    const legs = [
      [2, 1],
      [30, 4],
      [5, 90],
    ].map(([toUpstream, fromUpstream], index) => {
      const outcome = completed(index * 100);
      (outcome.plan.emissions as Float64Array)[0] = outcome.requestedAt + (toUpstream as number);
      outcome.firstTokenAt =
        outcome.requestedAt + (toUpstream as number) + (fromUpstream as number);
      return outcome;
    });
    const row = summarizeLoad('tokenwire', legs, undefined);
    expect(row.ttftMs.max).toBe(95);
    expect(row.ttftLegsMs?.toUpstream.max).toBe(30);
    expect(row.ttftLegsMs?.toUpstream.p50).toBe(5);
    expect(row.ttftLegsMs?.fromUpstream.max).toBe(90);
    expect(row.ttftLegsMs?.fromUpstream.count).toBe(3);
  });

  it('has no legs when the plans recorded no emission times', () => {
    const unrecorded = {
      ...completed(0),
      plan: createStreamPlan({ tokens: 5, tokensPerSecond: 0, isRecording: false }),
    };
    expect(summarizeLoad('tokenwire', [unrecorded], undefined).ttftLegsMs).toBeUndefined();
  });
});
