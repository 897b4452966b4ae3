import { describe, expect, it } from 'vitest';
import { createGenerationId } from './create-generation-id.js';

describe('createGenerationId', () => {
  it('gives gen_ and 32 hex digits, every id different, across several draws of the pool', () => {
    const ids = Array.from({ length: 1000 }, () => createGenerationId());
    for (const id of ids) expect(id).toMatch(/^gen_[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('spreads its digits evenly (each hex digit about 1/16 of them)', () => {
    const counts = new Map<string, number>();
    for (let index = 0; index < 2000; index++) {
      for (const digit of createGenerationId().slice(4)) {
        counts.set(digit, (counts.get(digit) ?? 0) + 1);
      }
    }
    // 64,000 digits: 4,000 expected each; a stuck or biased byte would be far off.
    expect(counts.size).toBe(16);
    for (const count of counts.values()) expect(Math.abs(count - 4000)).toBeLessThan(400);
  });
});
