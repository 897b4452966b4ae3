import { describe, expect, it } from 'vitest';
import { computeResumeDelay } from './compute-resume-delay.js';

describe('computeResumeDelay', () => {
  it('doubles from the initial delay up to the maximum', () => {
    const top = () => 1;
    expect(
      [1, 2, 3, 4, 5, 6, 7].map((attempt) => computeResumeDelay(attempt, 250, 4000, top)),
    ).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('jitters each wait to between half and all of it', () => {
    expect(computeResumeDelay(3, 250, 4000, () => 0)).toBe(500);
    expect(computeResumeDelay(3, 250, 4000, () => 0.5)).toBe(750);
  });
});
