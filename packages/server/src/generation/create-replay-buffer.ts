import type { SseFrame } from '../sse-frame.js';
import { utf8ByteLength } from '../utf8-byte-length.js';
import type { ReplayBuffer } from './replay-buffer.js';

/** Options for {@link createReplayBuffer}. */
export interface ReplayBufferOptions {
  /**
   * The most bytes (UTF-8) of frames kept; the oldest go first. Default 0: nothing is kept,
   * since no route replays yet and every kept frame is memory a slow reader's stream holds
   * for its whole life (the S4 benchmark measured 8 MiB per stream when all were kept).
   */
  capacityBytes?: number;
}

/**
 * An in-memory {@link ReplayBuffer} bounded in bytes: it keeps the newest frames that fit in
 * `capacityBytes` and forgets older ones, so a generation's memory does not grow with its length.
 * With the default capacity of 0 an `append` costs one comparison.
 *
 * @example
 * const buffer = createReplayBuffer({ capacityBytes: 64 * 1024 });
 * buffer.append(0, 'id: 0\ndata: {"type":"start","id":"gen_1","model":"m"}\n\n');
 * buffer.framesFrom(0); // ['id: 0\n…']
 */
export function createReplayBuffer(options: ReplayBufferOptions = {}): ReplayBuffer {
  const capacityBytes = options.capacityBytes ?? 0;
  if (!(capacityBytes >= 0)) {
    throw new RangeError(`capacityBytes must be 0 or more, got ${capacityBytes}.`);
  }
  return new BoundedReplayBuffer(capacityBytes);
}

// A class rather than an object of closures: one is made per request.
class BoundedReplayBuffer implements ReplayBuffer {
  readonly #capacityBytes: number;
  // frames[index] has seq `firstSeq + index - head`; `head` skips evicted entries without shifting.
  #frames: SseFrame[] = [];
  #sizes: number[] = [];
  #head = 0;
  #firstSeq = 0;
  #nextSeq = 0;
  #size = 0;

  constructor(capacityBytes: number) {
    this.#capacityBytes = capacityBytes;
  }

  get size(): number {
    return this.#size;
  }

  append(seq: number, frame: SseFrame): void {
    this.#nextSeq = seq + 1;
    const capacityBytes = this.#capacityBytes;
    if (capacityBytes === 0) {
      this.#firstSeq = this.#nextSeq;
      return;
    }
    const frameSize = typeof frame === 'string' ? utf8ByteLength(frame) : frame.byteLength;
    if (frameSize > capacityBytes) {
      // Kept alone it would break the bound; a gap before it makes every older seq unavailable.
      this.#frames = [];
      this.#sizes = [];
      this.#head = 0;
      this.#size = 0;
      this.#firstSeq = this.#nextSeq;
      return;
    }
    if (this.#frames.length === this.#head) this.#firstSeq = seq;
    this.#frames.push(frame);
    this.#sizes.push(frameSize);
    this.#size += frameSize;
    while (this.#size > capacityBytes) {
      this.#size -= this.#sizes[this.#head] as number;
      this.#frames[this.#head] = '';
      this.#head++;
      this.#firstSeq++;
    }
    // Compact once the dead prefix outweighs the live part, so both arrays stay O(kept).
    if (this.#head > 32 && this.#head * 2 > this.#frames.length) {
      this.#frames = this.#frames.slice(this.#head);
      this.#sizes = this.#sizes.slice(this.#head);
      this.#head = 0;
    }
  }

  framesFrom(seq: number): readonly SseFrame[] | undefined {
    if (seq < this.#firstSeq || seq > this.#nextSeq) return undefined;
    return this.#frames.slice(this.#head + (seq - this.#firstSeq));
  }
}
