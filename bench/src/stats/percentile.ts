/**
 * The p-th percentile (0–100) of an ascending array, by the nearest-rank method: always a value
 * that was measured, so a p99 over 100 samples is the 99th sample, never an interpolation.
 * Returns NaN for an empty array.
 *
 * @example
 * percentile(Float64Array.from([1, 2, 3, 4]), 50); // 2
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0] as number;
  if (p >= 100) return sorted[sorted.length - 1] as number;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] as number;
}
