import { formatFigure } from './format-figure.js';
import { formatTable } from './format-table.js';
import type { RefusalResult } from './refusal-result.js';

/**
 * S8's table: a row per system, what became of the streams offered past its descriptors.
 *
 * @example
 * console.log(formatRefusalTable(results));
 */
export function formatRefusalTable(results: readonly RefusalResult[]): string {
  return formatTable(
    [
      'system',
      'open files',
      'offered',
      'completed',
      'refused 503',
      'refusal p50 ms',
      'refusal max ms',
      'failed',
      'failures',
    ],
    results.map((result) => [
      result.system,
      formatFigure(result.openFileLimit, 'count'),
      formatFigure(result.offered, 'count'),
      formatFigure(result.completed, 'count'),
      formatFigure(result.refused, 'count'),
      formatFigure(result.refusalMs.p50, 'ms'),
      formatFigure(result.refusalMs.max, 'ms'),
      formatFigure(result.failed, 'count'),
      result.failureSamples.slice(0, 2).join('; ') || '—',
    ]),
  );
}
