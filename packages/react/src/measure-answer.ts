import type { ChatMessageMetrics } from './types.js';

export interface AnswerTiming {
  startedAt: number;
  firstTokenAt?: number | undefined;
  endedAt?: number | undefined;
  deltaCount: number;
  /** From `usage`, when the server reported it: more exact than counting deltas. */
  completionTokens?: number | undefined;
  /** The first `reasoning-delta`. */
  reasoningStartedAt?: number | undefined;
  /** The first piece of the answer (text or a tool call) after reasoning began. */
  reasoningEndedAt?: number | undefined;
}

/**
 * The shortest stretch (ms, first token to now or to the end) a rate is measured over. Tokens
 * often arrive in bursts (a proxy flushing, a reconnect): over a few milliseconds, 300 tokens
 * read as 285,000 tokens/s. Over half a second the figure means something, and stays steady.
 */
export const MIN_RATE_WINDOW_MS = 500;

/** Derives the metrics a UI shows; `now` stands in for `endedAt` while the answer streams. */
export function measureAnswer(timing: AnswerTiming, now: number): ChatMessageMetrics {
  const { startedAt, firstTokenAt, endedAt, deltaCount } = timing;
  const metrics: ChatMessageMetrics = { startedAt, deltaCount };
  if (endedAt !== undefined) metrics.endedAt = endedAt;
  if (timing.reasoningStartedAt !== undefined) {
    metrics.reasoningStartedAt = timing.reasoningStartedAt;
    metrics.reasoningMs = (timing.reasoningEndedAt ?? endedAt ?? now) - timing.reasoningStartedAt;
  }
  if (firstTokenAt === undefined) return metrics;
  metrics.firstTokenAt = firstTokenAt;
  metrics.timeToFirstTokenMs = firstTokenAt - startedAt;
  const elapsed = (endedAt ?? now) - firstTokenAt;
  const tokens = timing.completionTokens ?? deltaCount;
  if (elapsed >= MIN_RATE_WINDOW_MS && tokens > 0) {
    metrics.tokensPerSecond = tokens / (elapsed / 1000);
  }
  return metrics;
}
