/** The kinds of figure the tables show. */
export type FigureKind = 'ms' | 'rate' | 'bytes' | 'mib' | 'cpu' | 'ratio' | 'count';

/**
 * One figure as the tables print it: NaN and null as `—`; milliseconds with more decimals when
 * small, so 0.18 ms and 0.31 ms stay apart; CPU as seconds per 1,000 tokens (= ms per token).
 *
 * @example
 * formatFigure(0.1834, 'ms'); // '0.18'
 * formatFigure(1.523, 'ratio'); // '1.52×'
 */
export function formatFigure(value: number | null | undefined, kind: FigureKind): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (kind) {
    case 'ms':
      return Math.abs(value) < 10
        ? value.toFixed(2)
        : Math.abs(value) < 100
          ? value.toFixed(1)
          : Math.round(value).toLocaleString('en-US');
    case 'rate':
    case 'count':
      return Math.round(value).toLocaleString('en-US');
    case 'bytes':
      return Math.round(value).toLocaleString('en-US');
    case 'mib':
      return (value / 1024 / 1024).toFixed(1);
    case 'cpu':
      return value.toFixed(3);
    case 'ratio':
      return `${value.toFixed(2)}×`;
  }
}
