import { formatFigure } from './format-figure.js';
import { formatTable } from './format-table.js';
import type { SlowReaderResult } from './slow-reader-result.js';

/**
 * S4's table: memory before and with the slow readers open, per stream, and whether it held flat.
 *
 * @example
 * console.log(formatSlowReaderTable(results));
 */
export function formatSlowReaderTable(results: readonly SlowReaderResult[]): string {
  return formatTable(
    [
      'system',
      'streams ok',
      'RSS before MiB',
      'fill s',
      'RSS open MiB',
      'KiB/stream',
      'hold growth MiB',
      'kept',
      'backlog tok/stream',
      'backlog growth',
      'peak RSS MiB',
      'flat',
      'errors',
    ],
    results.map((result) => [
      result.system,
      `${result.streamsOk}/${result.streamsTotal}`,
      formatFigure(result.baselineRssBytes, 'mib'),
      `${(result.fillMs / 1000).toFixed(1)}${result.hasFilled ? '' : '+'}`,
      formatFigure(result.openRssBytes, 'mib'),
      formatFigure(result.rssPerStreamBytes / 1024, 'rate'),
      formatFigure(result.growthBytes, 'mib'),
      Number.isNaN(result.keptFraction) ? '—' : `${(result.keptFraction * 100).toFixed(0)}%`,
      formatFigure(result.inFlightTokensPerStream, 'count'),
      formatFigure(result.inFlightGrowthPerStream, 'count'),
      formatFigure(result.peakRssBytes, 'mib'),
      result.isFlat ? 'yes' : 'NO',
      String(result.errors),
    ]),
  );
}
