import type { SlowReaderSample } from '../report/slow-reader-result.js';

/**
 * True once the buffers between upstream and slow readers are full: over the last `windowMs`,
 * the per-stream backlog (tokens written − tokens read) grew by less than 2% (or less than the
 * `slackTokens` a reader takes in that time, whichever is more).
 *
 * @example
 * isBacklogSteady(samples, { windowMs: 1000, slackTokens: 16 });
 */
export function isBacklogSteady(
  samples: readonly SlowReaderSample[],
  options: { windowMs: number; slackTokens: number },
): boolean {
  const last = samples.at(-1);
  if (!last || last.atMs < options.windowMs) return false;
  const first = samples.findLast((sample) => sample.atMs <= last.atMs - options.windowMs);
  if (!first) return false;
  const backlog = (sample: SlowReaderSample) => sample.tokensEmitted - sample.tokensRead;
  const growth = backlog(last) - backlog(first);
  return backlog(last) > 0 && growth <= Math.max(0.02 * backlog(last), options.slackTokens);
}
