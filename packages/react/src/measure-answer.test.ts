import { describe, expect, it } from 'vitest';
import { measureAnswer } from './measure-answer.js';

describe('measureAnswer', () => {
  it('has only the start and delta count before the first token', () => {
    expect(measureAnswer({ startedAt: 1000, deltaCount: 0 }, 1500)).toEqual({
      startedAt: 1000,
      deltaCount: 0,
    });
  });

  it('measures time to first token and a live rate against now while streaming', () => {
    expect(measureAnswer({ startedAt: 1000, firstTokenAt: 1250, deltaCount: 10 }, 2250)).toEqual({
      startedAt: 1000,
      firstTokenAt: 1250,
      timeToFirstTokenMs: 250,
      deltaCount: 10,
      tokensPerSecond: 10,
    });
  });

  it('prefers completion tokens from usage over the delta count once finished', () => {
    const metrics = measureAnswer(
      { startedAt: 0, firstTokenAt: 100, endedAt: 600, deltaCount: 40, completionTokens: 50 },
      99_999,
    );
    expect(metrics.tokensPerSecond).toBe(100);
    expect(metrics.endedAt).toBe(600);
  });

  it('leaves the rate undefined over less than half a second: a burst is not a speed', () => {
    // 300 tokens in 1 ms would read 300,000 tokens/s.
    expect(
      measureAnswer({ startedAt: 0, firstTokenAt: 100, deltaCount: 300 }, 101).tokensPerSecond,
    ).toBeUndefined();
    expect(
      measureAnswer({ startedAt: 0, firstTokenAt: 100, endedAt: 400, deltaCount: 300 }, 999)
        .tokensPerSecond,
    ).toBeUndefined();
    expect(
      measureAnswer({ startedAt: 0, firstTokenAt: 100, deltaCount: 300 }, 600).tokensPerSecond,
    ).toBe(600);
  });

  it('leaves the rate undefined when no time has passed', () => {
    expect(
      measureAnswer({ startedAt: 0, firstTokenAt: 5, endedAt: 5, deltaCount: 1 }, 5)
        .tokensPerSecond,
    ).toBeUndefined();
  });
});
