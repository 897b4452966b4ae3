import type { Usage } from '@tokenwire/protocol';

/**
 * The protocol's {@link Usage} from an upstream's `usage` object, whatever it put there: counts
 * that are strings of digits are read as numbers, anything that is not a count (null, negative,
 * fractional, text) is left out, and with no count at all there is no usage. Some compatible
 * servers send `null` or strings; passing them on broke the protocol for a finished answer.
 *
 * @example
 * normalizeUsage({ prompt_tokens: 9, completion_tokens: '12' }); // { promptTokens: 9, completionTokens: 12 }
 * normalizeUsage({ prompt_tokens: null }); // undefined
 * normalizeUsage({ prompt_tokens: 5, completion_tokens: 90, completion_tokens_details: { reasoning_tokens: 64 } });
 * // { promptTokens: 5, completionTokens: 90, reasoningTokens: 64 }
 */
export function normalizeUsage(raw: unknown): Usage | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const fields = raw as Record<string, unknown>;
  const promptTokens = readCount(fields.prompt_tokens);
  const completionTokens = readCount(fields.completion_tokens);
  if (promptTokens === undefined && completionTokens === undefined) return undefined;
  const usage: Usage = { promptTokens: promptTokens ?? 0, completionTokens: completionTokens ?? 0 };
  const details = fields.completion_tokens_details;
  if (details !== null && typeof details === 'object') {
    const reasoningTokens = readCount((details as Record<string, unknown>).reasoning_tokens);
    if (reasoningTokens !== undefined) usage.reasoningTokens = reasoningTokens;
  }
  return usage;
}

function readCount(value: unknown): number | undefined {
  const count =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : Number.NaN;
  return Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}
