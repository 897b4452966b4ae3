import type { ChunkEncoder } from './create-chunk-encoder.js';
import type { MockChunkDelta } from './types.js';

/** What has been sent so far; every piece is one token, whatever it carries. */
export interface StreamProgress {
  tokensSent: number;
  /** Of `tokensSent`, the deltas that carried `reasoning_content` or `reasoning`. */
  reasoningTokensSent: number;
  /** Whether a delta carried `tool_calls`: the natural finish reason is then `tool_calls`. */
  hasToolCalls: boolean;
}

/**
 * Counts `piece` into `progress` and encodes it as its frame: a string is content, an object is
 * the chunk's whole `delta`.
 *
 * @example
 * const progress = { tokensSent: 0, reasoningTokensSent: 0, hasToolCalls: false };
 * encodePiece(encoder, { reasoning_content: 'Hm' }, progress); // progress.reasoningTokensSent === 1
 */
export function encodePiece(
  encoder: ChunkEncoder,
  piece: string | MockChunkDelta,
  progress: StreamProgress,
): string {
  progress.tokensSent++;
  if (typeof piece === 'string') return encoder.content(piece);
  if (typeof piece.reasoning_content === 'string' || typeof piece.reasoning === 'string') {
    progress.reasoningTokensSent++;
  }
  if (piece.tool_calls !== undefined) progress.hasToolCalls = true;
  return encoder.delta(piece);
}
