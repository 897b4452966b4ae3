/**
 * a ÷ b, or NaN when either is missing or b is not positive (a ratio to nothing says nothing).
 *
 * @example
 * ratio(0.06, 0.048); // 1.25
 */
export function ratio(a: number | null | undefined, b: number | null | undefined): number {
  if (a === null || a === undefined || b === null || b === undefined) return Number.NaN;
  if (!(b > 0) || Number.isNaN(a)) return Number.NaN;
  return a / b;
}
