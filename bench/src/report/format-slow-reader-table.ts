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
      'RSS open MiB',
      'KiB/stream',
      'growth MiB',
      'in flight tok/stream',
      'in-flight growth',
      'peak RSS MiB',
      'flat',
      'errors',
    ],
    results.map((result) => [
      result.system,
      `${result.streamsOk}/${result.streamsTotal}`,
      formatFigure(result.baselineRssBytes, 'mib'),
      formatFigure(result.openRssBytes, 'mib'),
      formatFigure(result.rssPerStreamBytes / 1024, 'rate'),
      formatFigure(result.growthBytes, 'mib'),
      formatFigure(result.inFlightTokensPerStream, 'count'),
      formatFigure(result.inFlightGrowthPerStream, 'count'),
      formatFigure(result.peakRssBytes, 'mib'),
      result.isFlat ? 'yes' : 'NO',
      String(result.errors),
    ]),
  );
}
