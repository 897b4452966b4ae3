import type { FinishReason, Usage } from '@tokenwire/protocol';
import { sealedFramesFrom } from '../generation/create-replay-buffer.js';
import type { FrameSource } from '../generation/frame-source.js';
import type { AbortReason, Generation, GenerationState } from '../generation/generation.js';
import type { GenerationSubscriber } from '../generation/generation-subscriber.js';
import type { SseFrame } from '../sse-frame.js';

/**
 * An answer that has ended, as a registry keeps it for its TTL: its sealed frames (one array)
 * and its figures, and nothing else of the {@link Generation} that made it. Whatever a kept answer
 * holds is copied by two scavenges, promoted, and dies in the old generation: a generation, with
 * its translator, closures and promises, made the collector the largest cost of keeping answers
 * for resume (BENCHMARKS.md, round 18). A reader attaching replays the frames it asks for and
 * ends, as it would on the ended generation.
 *
 * @example
 * const ended = new EndedAnswer(generation); // once generation.isOver
 * ended.subscribe(subscriber, 3); // frames from seq 3, then subscriber.end()
 */
export class EndedAnswer implements FrameSource {
  readonly model: string;
  readonly state: GenerationState;
  readonly abortReason: AbortReason | undefined;
  readonly finishReason: FinishReason | undefined;
  readonly errorCode: string | undefined;
  readonly usage: Usage | undefined;
  readonly deltaCount: number;
  readonly firstDeltaAt: number | undefined;
  readonly text: string;
  /** The seq after the last frame (= frames produced). */
  readonly nextSeq: number;
  /** Bytes of the frames kept. */
  readonly size: number;
  readonly #firstSeq: number;
  /** The sealed replay buffer's one array (`sealedFramesFrom` reads it). */
  readonly #sealed: Uint8Array;

  constructor(generation: Generation) {
    if (!generation.isOver) throw new Error('Only an ended generation becomes an EndedAnswer.');
    this.model = generation.model;
    this.state = generation.state;
    this.abortReason = generation.abortReason;
    this.finishReason = generation.finishReason;
    this.errorCode = generation.errorCode;
    this.usage = generation.usage;
    this.deltaCount = generation.deltaCount;
    this.firstDeltaAt = generation.firstDeltaAt;
    this.text = generation.text;
    this.nextSeq = generation.nextSeq;
    const buffer = generation.replayBuffer;
    // A generation seals its buffer as it ends.
    if (buffer.sealedBytes === undefined) throw new Error('The replay buffer is not sealed.');
    this.size = buffer.size;
    this.#firstSeq = buffer.firstSeq;
    this.#sealed = buffer.sealedBytes;
  }

  /** The frames from `seq` on; `undefined` when some of them are not kept. */
  framesFrom(seq: number): readonly SseFrame[] | undefined {
    return sealedFramesFrom(this.#sealed, this.#firstSeq, seq);
  }

  subscribe(subscriber: GenerationSubscriber, fromSeq = 0): boolean {
    const frames = this.framesFrom(fromSeq);
    if (frames === undefined) return false;
    for (const frame of frames) subscriber.write(frame);
    subscriber.end();
    return true;
  }

  // Over: nothing runs, and nobody stays attached.
  unsubscribe(): void {}

  resume(): void {}

  run(): Promise<void> {
    return Promise.resolve();
  }

  abort(): void {}
}
