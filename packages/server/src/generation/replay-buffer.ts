import type { SseFrame } from '../sse-frame.js';

/**
 * Where a {@link Generation} keeps the frames a reconnecting reader (`Last-Event-ID`) may ask
 * for again. In memory today ({@link createReplayBuffer}); a Redis-backed store can take its
 * place behind the same interface.
 */
export interface ReplayBuffer {
  /** Keeps the frame of `seq`; seqs come in order, one after another. */
  append(seq: number, frame: SseFrame): void;
  /**
   * The frames from `seq` on, in order; `undefined` when some of them are no longer kept
   * (or were never produced), so the caller can refuse the replay instead of sending a gap.
   */
  framesFrom(seq: number): readonly SseFrame[] | undefined;
  /** Bytes (UTF-8) of the frames kept now. */
  readonly size: number;
  /** The seq of the oldest frame kept (= `nextSeq` when none is). */
  readonly firstSeq: number;
  /**
   * Once sealed, what it keeps as one array (read with `sealedFramesFrom`), so an ended answer
   * can be kept without the buffer around it; `undefined` before.
   */
  readonly sealedBytes: Uint8Array | undefined;
  /**
   * The stream is over: keeps the frames kept now in their most compact form, for replays
   * only. `append` then throws.
   */
  seal(): void;
}
