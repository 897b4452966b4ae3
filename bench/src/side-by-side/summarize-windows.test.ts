import { describe, expect, it } from 'vitest';
import { summarizeWindows } from './summarize-windows.js';

describe('summarizeWindows', () => {
  it('gives each window its CPU per token and ratio, and the median of the ratios', () => {
    const summary = summarizeWindows([
      { aCpuSeconds: 0.3, aTokens: 10_000, bCpuSeconds: 0.36, bTokens: 10_000 },
      { aCpuSeconds: 0.5, aTokens: 10_000, bCpuSeconds: 0.5, bTokens: 10_000 },
      { aCpuSeconds: 0.2, aTokens: 5_000, bCpuSeconds: 0.3, bTokens: 5_000 },
    ]);
    expect(summary.windows[0]?.aMicrosPerToken).toBeCloseTo(30);
    expect(summary.windows[0]?.bMicrosPerToken).toBeCloseTo(36);
    expect(summary.windows.map((window) => window.ratio)).toEqual([
      expect.closeTo(1.2),
      expect.closeTo(1),
      expect.closeTo(1.5),
    ]);
    expect(summary.medianRatio).toBeCloseTo(1.2);
    expect(summary.minRatio).toBeCloseTo(1);
    expect(summary.maxRatio).toBeCloseTo(1.5);
  });

  it('takes the mean of the middle two ratios for an even count', () => {
    const summary = summarizeWindows([
      { aCpuSeconds: 1, aTokens: 1, bCpuSeconds: 1.1, bTokens: 1 },
      { aCpuSeconds: 1, aTokens: 1, bCpuSeconds: 1.4, bTokens: 1 },
      { aCpuSeconds: 1, aTokens: 1, bCpuSeconds: 1.2, bTokens: 1 },
      { aCpuSeconds: 1, aTokens: 1, bCpuSeconds: 2, bTokens: 1 },
    ]);
    expect(summary.medianRatio).toBeCloseTo(1.3);
  });

  it('refuses no windows, and a window without tokens or CPU time to divide by', () => {
    expect(() => summarizeWindows([])).toThrow(RangeError);
    expect(() =>
      summarizeWindows([{ aCpuSeconds: 1, aTokens: 0, bCpuSeconds: 1, bTokens: 0 }]),
    ).toThrow(/needs tokens/);
    expect(() =>
      summarizeWindows([{ aCpuSeconds: 0, aTokens: 10, bCpuSeconds: 1, bTokens: 10 }]),
    ).toThrow(/needs tokens/);
    expect(() =>
      summarizeWindows([{ aCpuSeconds: 1, aTokens: 10, bCpuSeconds: 1, bTokens: 0 }]),
    ).toThrow(/needs tokens/);
  });
});
