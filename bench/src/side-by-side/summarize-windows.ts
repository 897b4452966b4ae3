/** CPU seconds each system used in one measured window, and the tokens the upstream sent it. */
export interface Window {
  aCpuSeconds: number;
  aTokens: number;
  bCpuSeconds: number;
  bTokens: number;
}

/** One window as the report shows it. */
export interface WindowFigures {
  aMicrosPerToken: number;
  bMicrosPerToken: number;
  /** `b` over `a`. */
  ratio: number;
}

/** What {@link summarizeWindows} makes of a run. */
export interface SideBySideSummary {
  windows: WindowFigures[];
  /** The median of the windows' ratios (the mean of the middle two for an even count). */
  medianRatio: number;
  minRatio: number;
  maxRatio: number;
}

/**
 * CPU per token of two systems measured in the same windows, and the ratio of the second to the
 * first window by window. The ratio is what means something: both systems ran on one core at
 * the same time, so a window in which the machine was slow made both slower.
 *
 * @example
 * summarizeWindows([{ aCpuSeconds: 0.3, aTokens: 10_000, bCpuSeconds: 0.36, bTokens: 10_000 }]).medianRatio; // 1.2
 */
export function summarizeWindows(windows: readonly Window[]): SideBySideSummary {
  if (windows.length === 0) throw new RangeError('summarizeWindows needs at least one window');
  const figures = windows.map((window) => {
    if (!(window.aTokens > 0 && window.bTokens > 0 && window.aCpuSeconds > 0)) {
      throw new RangeError(
        `a window needs tokens for both and CPU time of the first, got ${JSON.stringify(window)}`,
      );
    }
    const aMicrosPerToken = (window.aCpuSeconds / window.aTokens) * 1e6;
    const bMicrosPerToken = (window.bCpuSeconds / window.bTokens) * 1e6;
    return { aMicrosPerToken, bMicrosPerToken, ratio: bMicrosPerToken / aMicrosPerToken };
  });
  const ratios = figures.map((window) => window.ratio).sort((x, y) => x - y);
  const middle = Math.floor(ratios.length / 2);
  const medianRatio =
    ratios.length % 2 === 1
      ? (ratios[middle] as number)
      : ((ratios[middle - 1] as number) + (ratios[middle] as number)) / 2;
  return {
    windows: figures,
    medianRatio,
    minRatio: ratios[0] as number,
    maxRatio: ratios[ratios.length - 1] as number,
  };
}
