/**
 * How long to wait before resume attempt `attempt` (1-based): `initialMs` doubling per attempt up
 * to `maxMs`, with "equal jitter" (a random point in the upper half) so that many clients cut by
 * one proxy restart do not all come back in the same millisecond.
 */
export function computeResumeDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
