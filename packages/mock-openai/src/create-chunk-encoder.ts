import type { MockChunkDelta, MockFinishReason } from './types.js';

/** Token counts as OpenAI reports them. */
export interface MockUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** Sent when the answer had reasoning: `{ reasoning_tokens }`, part of `completion_tokens`. */
  completion_tokens_details?: { reasoning_tokens: number };
}

/** Encodes the SSE frames of one `chat.completion.chunk` stream. */
export interface ChunkEncoder {
  role(): string;
  /** One frame per piece; the hot path, so it is a template literal, not an object + stringify. */
  content(piece: string): string;
  /** One frame whose `choices[0].delta` is `delta`, as it is (reasoning, tool calls, anything). */
  delta(delta: MockChunkDelta): string;
  finish(reason: MockFinishReason): string;
  usage(usage: MockUsage): string;
}

/** Identifies one completion; the same values go into every chunk, as OpenAI does. */
export interface ChunkMeta {
  id: string;
  created: number;
  model: string;
  systemFingerprint: string;
  /** With `stream_options.include_usage`, OpenAI adds `"usage":null` to every chunk but the last. */
  includeUsage: boolean;
}

/** The last frame of every OpenAI stream. */
export const DONE_FRAME = 'data: [DONE]\n\n';

/**
 * Prepares the frame encoder for one completion. Keys follow OpenAI's order so a recorded
 * transcript and the mock's output differ only in ids, times and text.
 *
 * @example
 * const encoder = createChunkEncoder({
 *   id: 'chatcmpl-1', created: 0, model: 'gpt-4o-mini', systemFingerprint: 'fp_1', includeUsage: false,
 * });
 * encoder.content('Hi'); // 'data: {"id":"chatcmpl-1",…,"delta":{"content":"Hi"},…}\n\n'
 */
export function createChunkEncoder(meta: ChunkMeta): ChunkEncoder {
  const head = `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"system_fingerprint":${JSON.stringify(meta.systemFingerprint)},"choices":`;
  const nullUsage = meta.includeUsage ? ',"usage":null' : '';
  const choice = (delta: string, finishReason: string) =>
    `${head}[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finishReason}}]${nullUsage}}\n\n`;
  return {
    role: () => choice('{"role":"assistant","content":""}', 'null'),
    content: (piece) => choice(`{"content":${JSON.stringify(piece)}}`, 'null'),
    delta: (delta) => choice(JSON.stringify(delta), 'null'),
    finish: (reason) => choice('{}', JSON.stringify(reason)),
    usage: (usage) => `${head}[],"usage":${JSON.stringify(usage)}}\n\n`,
  };
}
