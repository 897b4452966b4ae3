import type { ChatMessageMetrics } from './types.js';

export interface AnswerTiming {
  startedAt: number;
  firstTokenAt?: number | undefined;
  endedAt?: number | undefined;
  deltaCount: number;
  /** From `usage`, when the server reported it: more exact than counting deltas. */
  completionTokens?: number | undefined;
}

/** Derives the metrics a UI shows; `now` stands in for `endedAt` while the answer streams. */
export function measureAnswer(timing: AnswerTiming, now: number): ChatMessageMetrics {
  const { startedAt, firstTokenAt, endedAt, deltaCount } = timing;
  const metrics: ChatMessageMetrics = { startedAt, deltaCount };
  if (endedAt !== undefined) metrics.endedAt = endedAt;
  if (firstTokenAt === undefined) return metrics;
  metrics.firstTokenAt = firstTokenAt;
  metrics.timeToFirstTokenMs = firstTokenAt - startedAt;
  const seconds = ((endedAt ?? now) - firstTokenAt) / 1000;
  const tokens = timing.completionTokens ?? deltaCount;
  if (seconds > 0 && tokens > 0) metrics.tokensPerSecond = tokens / seconds;
  return metrics;
}
