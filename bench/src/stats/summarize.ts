import { percentile } from './percentile.js';

/** p50/p99/max of a sample set; NaN everywhere when there were no samples. */
export interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * Sorts a copy of the samples and reads the figures the tables show.
 *
 * @example
 * summarize([3, 1, 2]); // { count: 3, p50: 2, p99: 3, max: 3, mean: 2 }
 */
export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  let total = 0;
  for (const value of sorted) total += value;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
  };
}
