import { formatFigure } from './format-figure.js';
import type { SlowReaderResult } from './slow-reader-result.js';

const POINTS = 8;

/**
 * S4's memory over time in one line: RSS before the readers opened, then at eight even points of
 * the run, so a climb (buffering) and a plateau (backpressure) read at a glance.
 *
 * @example
 * formatRssTimeline(result); // 'tokenwire        118.4 | 150.2 187.6 187.6 … (s: 1.5 3.0 …)'
 */
export function formatRssTimeline(result: SlowReaderResult): string {
  const { samples } = result;
  const picked = Array.from({ length: POINTS }, (_, index) => {
    const at = Math.min(
      samples.length - 1,
      Math.round(((index + 1) * samples.length) / POINTS) - 1,
    );
    return samples[Math.max(0, at)];
  }).filter((sample) => sample !== undefined);
  const values = picked.map((sample) => formatFigure(sample.rssBytes, 'mib')).join(' ');
  const times = picked.map((sample) => (sample.atMs / 1000).toFixed(1)).join(' ');
  return `${result.system.padEnd(16)} ${formatFigure(result.baselineRssBytes, 'mib')} | ${values}   (at s: ${times}; full at ${(result.fillMs / 1000).toFixed(1)})`;
}
