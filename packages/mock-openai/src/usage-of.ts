import type { MockUsage } from './create-chunk-encoder.js';
import type { StreamProgress } from './encode-piece.js';

/**
 * OpenAI's usage for what was sent; `completion_tokens_details.reasoning_tokens` only when there
 * was reasoning, as OpenAI-compatible servers without reasoning leave it out.
 *
 * @example
 * usageOf(9, { tokensSent: 5, reasoningTokensSent: 2, hasToolCalls: false });
 * // { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14, completion_tokens_details: { reasoning_tokens: 2 } }
 */
export function usageOf(promptTokens: number, progress: StreamProgress): MockUsage {
  const usage: MockUsage = {
    prompt_tokens: promptTokens,
    completion_tokens: progress.tokensSent,
    total_tokens: promptTokens + progress.tokensSent,
  };
  if (progress.reasoningTokensSent > 0) {
    usage.completion_tokens_details = { reasoning_tokens: progress.reasoningTokensSent };
  }
  return usage;
}
