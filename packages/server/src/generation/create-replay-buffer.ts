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
//
// Layout: three slots per kept frame in one array, `[frame, byteOffset, size]`. A frame that is a
// plain Uint8Array (a view on allocateBytes' shared pool, one per token) is kept as its
// ArrayBuffer and offset instead, and a view is made again when a reader replays it: a view is
// ~100 bytes of V8 heap per token per open stream, three slots are 24. Strings (and other byte
// frames, such as a Buffer) are kept as they are, with -1 as their offset.
class BoundedReplayBuffer implements ReplayBuffer {
  readonly #capacityBytes: number;
  // Frame `head / 3 + k` has seq `firstSeq + k`; `head` skips evicted entries without shifting.
  #entries: Array<SseFrame | ArrayBufferLike | number> = [];
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
      this.#entries = [];
      this.#head = 0;
      this.#size = 0;
      this.#firstSeq = this.#nextSeq;
      return;
    }
    const entries = this.#entries;
    if (entries.length === this.#head) this.#firstSeq = seq;
    if (typeof frame !== 'string' && Object.getPrototypeOf(frame) === Uint8Array.prototype) {
      entries.push(frame.buffer, frame.byteOffset, frameSize);
    } else {
      entries.push(frame, -1, frameSize);
    }
    this.#size += frameSize;
    while (this.#size > capacityBytes) {
      const head = this.#head;
      this.#size -= entries[head + 2] as number;
      entries[head] = 0;
      this.#head = head + 3;
      this.#firstSeq++;
    }
    // Compact once the dead prefix outweighs the live part, so the array stays O(kept).
    if (this.#head > 96 && this.#head * 2 > entries.length) {
      this.#entries = entries.slice(this.#head);
      this.#head = 0;
    }
  }

  framesFrom(seq: number): readonly SseFrame[] | undefined {
    if (seq < this.#firstSeq || seq > this.#nextSeq) return undefined;
    const entries = this.#entries;
    const frames: SseFrame[] = [];
    for (let index = this.#head + (seq - this.#firstSeq) * 3; index < entries.length; index += 3) {
      const byteOffset = entries[index + 1] as number;
      frames.push(
        byteOffset === -1
          ? (entries[index] as SseFrame)
          : new Uint8Array(
              entries[index] as ArrayBufferLike,
              byteOffset,
              entries[index + 2] as number,
            ),
      );
    }
    return frames;
  }
}
