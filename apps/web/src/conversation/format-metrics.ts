import type { ChatMessage } from '../chat/chat-message.js';

/**
 * The discreet line under an answer: first-token latency, tokens per second and token count,
 * each only when known, e.g. `first token 240 ms · 52 tok/s · 318 tokens`.
 */
export function formatMetrics(message: Pick<ChatMessage, 'metrics' | 'usage'>): string {
  const parts: string[] = [];
  const firstToken = message.metrics?.timeToFirstTokenMs;
  if (firstToken !== undefined && Number.isFinite(firstToken)) {
    parts.push(
      `first token ${firstToken < 1000 ? `${Math.round(firstToken)} ms` : `${(firstToken / 1000).toFixed(1)} s`}`,
    );
  }
  const rate = message.metrics?.tokensPerSecond;
  if (rate !== undefined && Number.isFinite(rate) && rate > 0) {
    parts.push(`${rate < 10 ? rate.toFixed(1) : Math.round(rate)} tok/s`);
  }
  const tokens = message.usage?.completionTokens;
  if (tokens !== undefined) parts.push(`${tokens} ${tokens === 1 ? 'token' : 'tokens'}`);
  return parts.join(' · ');
}
