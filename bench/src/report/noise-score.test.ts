import { describe, expect, it } from 'vitest';
import { noiseScore } from './noise-score.js';

describe('noiseScore', () => {
  it('keeps a measurement where others took little of either core', () => {
    expect(
      noiseScore({ loadProcessPercent: 80, loadCoreOtherPercent: 10, serverCoreOtherPercent: 5 }),
    ).toEqual({
      score: 15,
      isQuiet: true,
    });
  });

  it('retakes one where another process took a fifth of the server core', () => {
    expect(
      noiseScore({ loadProcessPercent: 30, loadCoreOtherPercent: 0, serverCoreOtherPercent: 20 })
        .isQuiet,
    ).toBe(false);
  });

  it('judges the direct baseline, which has no server process, by its load core alone', () => {
    const busyServerCore = {
      loadProcessPercent: 30,
      loadCoreOtherPercent: 2,
      serverCoreOtherPercent: 90,
    };
    expect(noiseScore(busyServerCore, { hasServerProcess: false }).isQuiet).toBe(true);
    expect(
      noiseScore({ ...busyServerCore, loadCoreOtherPercent: 40 }, { hasServerProcess: false })
        .isQuiet,
    ).toBe(false);
  });
});
