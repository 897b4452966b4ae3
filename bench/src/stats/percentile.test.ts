import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.js';
import { summarize } from './summarize.js';

describe('percentile', () => {
  const hundred = Float64Array.from({ length: 100 }, (_, index) => index + 1);

  it('picks the nearest-rank sample: p99 of 1..100 is 99 and p50 is 50', () => {
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 50)).toBe(50);
  });

  it('returns a measured value, never an interpolation between two', () => {
    expect(percentile([10, 20], 50)).toBe(10);
    expect(percentile([10, 20], 51)).toBe(20);
  });

  it('clamps p to the first and last sample', () => {
    expect(percentile([5, 6, 7], 0)).toBe(5);
    expect(percentile([5, 6, 7], 100)).toBe(7);
  });

  it('is NaN for no samples rather than a misleading zero', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('sorts numerically, not as strings (10 after 9)', () => {
    const summary = summarize([10, 9, 1, 2]);
    expect(summary.max).toBe(10);
    expect(summary.p50).toBe(2);
    expect(summary.mean).toBe(5.5);
  });

  it('does not reorder the caller’s samples', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});
