import { describe, expect, it } from 'vitest';
import { defineScenarios } from './define-scenarios.js';

describe('defineScenarios', () => {
  it('opens a burst load’s connections in the warm-up: its streams outlast starting them all', () => {
    for (const isQuick of [false, true]) {
      for (const scenario of defineScenarios({ isQuick })) {
        const { warmup } = scenario;
        // Those whose measured load needs about as many connections as the warm-up opens: a burst
        // (S2, S3, S5) or steady arrivals to about as many open at once (S7). S6 opens 9,000.
        if (!['S2', 'S3', 'S5', 'S7'].includes(scenario.id)) continue;
        expect(warmup.tokensPerSecond, `${scenario.id} warm-up paced`).toBeGreaterThan(0);
        // Open from its first token to its last: 1,000 chats take a cold process a second or more.
        const openSeconds = (warmup.tokens - 1) / warmup.tokensPerSecond;
        expect(openSeconds, scenario.id).toBeGreaterThanOrEqual(warmup.streams >= 1000 ? 3 : 0.9);
      }
    }
  });
});
