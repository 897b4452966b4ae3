import { describe, expect, it } from 'vitest';
import { defineScenarios } from './define-scenarios.js';

describe('defineScenarios', () => {
  it('opens a burst load’s connections in the warm-up: its streams outlast starting them all', () => {
    for (const isQuick of [false, true]) {
      for (const scenario of defineScenarios({ isQuick })) {
        const { load, warmup } = scenario;
        // Scenarios whose measured load opens many streams at once, or arrives to as many open.
        if (scenario.kind !== 'load' || load.streams < 10 || warmup.streams < 10) continue;
        expect(warmup.tokensPerSecond, `${scenario.id} warm-up paced`).toBeGreaterThan(0);
        // Open from its first token to its last: 1,000 chats take a cold process a second or more.
        const openSeconds = (warmup.tokens - 1) / warmup.tokensPerSecond;
        expect(openSeconds, scenario.id).toBeGreaterThanOrEqual(warmup.streams >= 1000 ? 3 : 0.9);
      }
    }
  });
});
