import { describe, expect, it } from 'vitest';
import { isJsonDepthAtMost } from './is-json-depth-at-most.js';

describe('isJsonDepthAtMost', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(isJsonDepthAtMost('x', 0)).toBe(true);
    expect(isJsonDepthAtMost({}, 0)).toBe(false);
    expect(isJsonDepthAtMost({ a: [1, { b: null }] }, 3)).toBe(true);
    expect(isJsonDepthAtMost({ a: [1, { b: null }] }, 2)).toBe(false);
  });

  it('answers for a value nested far deeper than the stack', () => {
    let value: unknown = [];
    for (let depth = 0; depth < 1_000_000; depth++) value = [value];
    expect(isJsonDepthAtMost(value, 64)).toBe(false);
  });
});
