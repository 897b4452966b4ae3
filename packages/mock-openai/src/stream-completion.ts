import type { ServerResponse } from 'node:http';
import { type ChunkEncoder, DONE_FRAME } from './create-chunk-encoder.js';
import { encodePiece, type StreamProgress } from './encode-piece.js';
import type { MockChunkDelta, MockFault, MockFinishReason } from './types.js';
import { usageOf } from './usage-of.js';
import type { ResponseWatch } from './watch-response.js';

// At full speed, frames go out in batches this big, with an event-loop turn in between so one
// fast stream cannot starve the others (or the `close` of an aborted client).
const FAST_BATCH = 64;
// A paced stream that fell far behind (a slow reader) catches up in bounded writes.
const MAX_CATCH_UP = 256;

/** What {@link streamCompletion} needs to stream one answer. */
export interface StreamCompletionOptions {
  response: ServerResponse;
  watch: ResponseWatch;
  encoder: ChunkEncoder;
  /** Content pieces (strings) and raw deltas (reasoning, tool calls), one chunk each. */
  tokens: Iterator<string | MockChunkDelta>;
  headers: Readonly<Record<string, string>>;
  /** 0 = as fast as the socket takes them. */
  tokensPerSecond: number;
  maxTokens: number;
  fault: MockFault;
  promptTokens: number;
  includeUsage: boolean;
  /** Shared with the caller so its `close` event can report the count, whenever it fires. */
  progress: StreamProgress;
}

/**
 * Streams one answer as OpenAI's chat-completions SSE: role chunk, paced content (or reasoning,
 * or tool-call) chunks, finish
 * chunk, optional usage chunk, `[DONE]`. Content writes are timed against one start clock (token
 * i is due at start + i / rate), so timer lateness never accumulates; when behind, every due token
 * goes out in one write. A `false` from `write` parks the loop until `drain`.
 *
 * @example
 * await streamCompletion({ response, watch, encoder, tokens: ['Hi'][Symbol.iterator](), … });
 */
export async function streamCompletion(options: StreamCompletionOptions): Promise<void> {
  const { response, watch, encoder, tokens, fault, progress } = options;
  const rate = fault.rate ?? options.tokensPerSecond;
  const interval = rate > 0 ? 1000 / rate : 0;
  const dropAt = fault.drop ?? -1;
  const stallMs = fault.stall ?? 0;
  const stallAt = stallMs > 0 ? (fault.stallAfter ?? 0) : -1;
  const { maxTokens } = options;
  // The socket is destroyed only once the last allowed frame reached the kernel, so the client
  // really receives exactly `drop` tokens before the connection dies.
  const destroyWhenFlushed = () => response.destroy();

  response.writeHead(200, options.headers);
  if (!response.write(encoder.role(), dropAt === 0 ? destroyWhenFlushed : undefined)) {
    await watch.drain();
  }
  if (dropAt === 0 || watch.isClosed) return;

  let next = tokens.next();
  let hasStalled = false;
  let start = performance.now();
  for (;;) {
    if (!hasStalled && progress.tokensSent === stallAt) {
      hasStalled = true;
      const stalledAt = performance.now();
      await watch.sleep(stallMs);
      if (watch.isClosed) return;
      start += performance.now() - stalledAt;
    }
    if (next.done || progress.tokensSent >= maxTokens) break;

    let budget = FAST_BATCH;
    if (interval > 0) {
      const now = performance.now();
      const due = Math.floor((now - start) / interval) + 1 - progress.tokensSent;
      if (due <= 0) {
        await watch.sleep(start + progress.tokensSent * interval - now);
        if (watch.isClosed) return;
        continue;
      }
      budget = Math.min(due, MAX_CATCH_UP);
    }
    budget = Math.min(budget, maxTokens - progress.tokensSent);
    if (dropAt > 0) budget = Math.min(budget, dropAt - progress.tokensSent);
    if (!hasStalled && stallAt >= 0) budget = Math.min(budget, stallAt - progress.tokensSent);

    let batch = '';
    for (; budget > 0 && !next.done; budget--) {
      batch += encodePiece(encoder, next.value, progress);
      next = tokens.next();
    }
    const isDropping = progress.tokensSent === dropAt;
    const isDrained = response.write(batch, isDropping ? destroyWhenFlushed : undefined);
    if (isDropping) return;
    if (!isDrained) await watch.drain();
    else if (interval === 0) await watch.yieldTurn();
    if (watch.isClosed) return;
  }

  const naturalReason: MockFinishReason =
    !next.done && progress.tokensSent >= maxTokens
      ? 'length'
      : progress.hasToolCalls
        ? 'tool_calls'
        : 'stop';
  let tail = encoder.finish(fault.finish ?? naturalReason);
  if (options.includeUsage) tail += encoder.usage(usageOf(options.promptTokens, progress));
  response.end(tail + DONE_FRAME);
}
