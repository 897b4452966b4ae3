import { describe, expect, it } from 'vitest';
import { coreSlowdown, SLOWED_RATIO } from './core-slowdown.js';

describe('coreSlowdown', () => {
  it('keeps a measurement whose cores ran near the fastest speed of the run', () => {
    const slowdown = coreSlowdown({ loadCoreUnitMicros: 820, serverCoreUnitMicros: 880 }, 800);
    expect(slowdown.ratio).toBeCloseTo(1.1, 5);
    expect(slowdown.isSlowed).toBe(false);
  });

  it('retakes one in which either core ran a slow spell', () => {
    expect(coreSlowdown({ loadCoreUnitMicros: 800, serverCoreUnitMicros: 1_400 }, 800)).toEqual({
      ratio: 1.75,
      isSlowed: true,
    });
    expect(
      coreSlowdown({ loadCoreUnitMicros: 800 * SLOWED_RATIO + 1, serverCoreUnitMicros: 800 }, 800)
        .isSlowed,
    ).toBe(true);
  });

  it('says nothing was slow without a reading or a reference', () => {
    expect(coreSlowdown(undefined, 800)).toEqual({ ratio: 1, isSlowed: false });
    expect(
      coreSlowdown({ loadCoreUnitMicros: Number.NaN, serverCoreUnitMicros: 900 }, Number.NaN),
    ).toEqual({ ratio: 1, isSlowed: false });
  });
});
