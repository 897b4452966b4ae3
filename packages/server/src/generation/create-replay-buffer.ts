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
 * A plain byte frame (the translator's, cut from a shared pool) is kept as its pool's buffer and
 * offset, with no object of its own, while the answer's kept frames are few (under
 * {@link RING_FROM_BYTES}). Past that, such frames are copied into a ring of this buffer's own,
 * grown as needed up to `capacityBytes` and then reused, so a long answer keeps neither pool slabs
 * nor garbage: kept by reference, a slow reader's frames outlived a few scavenges, went to the old
 * generation with the 64 KiB slabs they were cut from, and waited for a full GC once forgotten
 * (S4 measured about four times `capacityBytes` per stream). Short answers stay by reference:
 * a ring would cost each chat an array or several (it grows) and a copy of every frame, for a few
 * KiB that share their slabs with other answers' frames anyway. Strings and other arrays (a `Buffer`)
 * are kept as they are and come back as the same objects; byte frames come back as new views or
 * arrays with the same bytes.
 *
 * Once its stream is over, `seal()` copies what it keeps into one array of its own: from then on
 * every frame comes back as a view of it, and no slab or index of the running stream is held.
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

/**
 * Kept bytes from which byte frames go into the ring: a quarter of a pool slab. Answers of a few
 * hundred tokens stay under it; a slow reader's or a long answer's frames pass it.
 */
export const RING_FROM_BYTES: number = 16 * 1024;
const EMPTY = new Uint8Array(0);
const UTF8 = new TextEncoder();
/** A sealed buffer's frame starts when it keeps none: only the end, 0. */
const NO_STARTS = new Uint32Array(1);
/** In `#entries`, in place of a frame or its pool buffer: its bytes are in the ring. */
const IN_RING = 0;

class BoundedReplayBuffer implements ReplayBuffer {
  readonly #capacityBytes: number;
  // Three slots per kept frame, oldest first from `#head`: the frame itself (a string or a
  // Buffer), its pool's buffer, or IN_RING; its byte offset in that buffer (else -1); its length.
  #entries: Array<SseFrame | ArrayBufferLike | number> = [];
  #head = 0;
  #firstSeq = 0;
  #nextSeq = 0;
  #size = 0;
  // The bytes of the IN_RING frames, back to back in their order, from `#ringStart` on, wrapping.
  #ring: Uint8Array = EMPTY;
  #ringStart = 0;
  #ringUsed = 0;
  // Once sealed: every kept frame's bytes back to back, and where each starts (one more: the end).
  #sealed: Uint8Array | undefined;
  #sealedStarts: Uint32Array | undefined;

  constructor(capacityBytes: number) {
    this.#capacityBytes = capacityBytes;
  }

  get size(): number {
    return this.#size;
  }

  append(seq: number, frame: SseFrame): void {
    if (this.#sealed !== undefined)
      throw new Error('The replay buffer is sealed: its stream is over.');
    this.#nextSeq = seq + 1;
    const capacityBytes = this.#capacityBytes;
    if (capacityBytes === 0) {
      this.#firstSeq = this.#nextSeq;
      return;
    }
    const frameSize = typeof frame === 'string' ? utf8ByteLength(frame) : frame.byteLength;
    if (frameSize > capacityBytes) {
      this.#entries = [];
      this.#head = 0;
      this.#size = 0;
      this.#ringStart = 0;
      this.#ringUsed = 0;
      this.#firstSeq = this.#nextSeq;
      return;
    }
    const entries = this.#entries;
    if (entries.length === this.#head) this.#firstSeq = seq;
    while (this.#size + frameSize > capacityBytes) this.#forgetOldest();
    if (typeof frame === 'string' || Object.getPrototypeOf(frame) !== Uint8Array.prototype) {
      entries.push(frame, -1, frameSize);
    } else if (this.#ring.length === 0 && this.#size + frameSize <= RING_FROM_BYTES) {
      entries.push(frame.buffer, frame.byteOffset, frameSize);
    } else {
      this.#copyIntoRing(frame);
      entries.push(IN_RING, -1, frameSize);
    }
    this.#size += frameSize;
    if (this.#head > 96 && this.#head * 2 > entries.length) {
      this.#entries = entries.slice(this.#head);
      this.#head = 0;
    }
  }

  /**
   * An ended answer is kept for the registry's TTL, thousands at once: by reference, its frames
   * held the translator's 64 KiB pool slabs and an array of three slots per frame (24 bytes per
   * frame in all, more than a short token's frame itself), and made every slab live as long as
   * the last answer cut from it. Sealed, it is two arrays of its own: its bytes, and four bytes
   * per frame for where each starts.
   */
  seal(): void {
    if (this.#sealed !== undefined) return;
    const frames = this.framesFrom(this.#firstSeq) ?? [];
    if (frames.length === 0) {
      this.#sealed = EMPTY;
      this.#sealedStarts = NO_STARTS;
      this.#entries = [];
      return;
    }
    const starts = new Uint32Array(frames.length + 1);
    const bytes = new Uint8Array(this.#size);
    let offset = 0;
    frames.forEach((frame, index) => {
      starts[index] = offset;
      if (typeof frame === 'string') {
        offset += UTF8.encodeInto(frame, bytes.subarray(offset)).written;
      } else {
        bytes.set(frame, offset);
        offset += frame.byteLength;
      }
    });
    starts[frames.length] = offset;
    this.#sealed = bytes;
    this.#sealedStarts = starts;
    this.#entries = [];
    this.#head = 0;
    this.#ring = EMPTY;
    this.#ringStart = 0;
    this.#ringUsed = 0;
  }

  framesFrom(seq: number): readonly SseFrame[] | undefined {
    if (seq < this.#firstSeq || seq > this.#nextSeq) return undefined;
    const sealed = this.#sealed;
    if (sealed !== undefined) {
      const starts = this.#sealedStarts as Uint32Array;
      const frames: SseFrame[] = [];
      for (let index = seq - this.#firstSeq; index < starts.length - 1; index++) {
        frames.push(sealed.subarray(starts[index], starts[index + 1]));
      }
      return frames;
    }
    const entries = this.#entries;
    const first = this.#head + (seq - this.#firstSeq) * 3;
    // Where the first asked-for frame's bytes would be: past those of the older frames in the ring.
    let ringOffset = this.#ringStart;
    for (let index = this.#head; index < first; index += 3) {
      if (entries[index] === IN_RING) ringOffset += entries[index + 2] as number;
    }
    const frames: SseFrame[] = [];
    for (let index = first; index < entries.length; index += 3) {
      const kept = entries[index] as SseFrame | ArrayBufferLike | typeof IN_RING;
      const byteOffset = entries[index + 1] as number;
      const length = entries[index + 2] as number;
      if (kept === IN_RING) {
        frames.push(this.#copyOutOfRing(ringOffset, length));
        ringOffset += length;
      } else if (byteOffset === -1) frames.push(kept as SseFrame);
      else frames.push(new Uint8Array(kept as ArrayBufferLike, byteOffset, length));
    }
    return frames;
  }

  #forgetOldest(): void {
    const head = this.#head;
    const entries = this.#entries;
    const frameSize = entries[head + 2] as number;
    if (entries[head] === IN_RING && frameSize > 0) {
      this.#ringStart = (this.#ringStart + frameSize) % this.#ring.length;
      this.#ringUsed -= frameSize;
    }
    // Lets go of a kept string, Buffer or pool buffer now, not at the next compaction.
    entries[head] = IN_RING;
    this.#size -= frameSize;
    this.#head = head + 3;
    this.#firstSeq++;
  }

  #copyIntoRing(frame: Uint8Array): void {
    const needed = this.#ringUsed + frame.byteLength;
    if (needed > this.#ring.length) this.#growRing(needed);
    if (frame.byteLength === 0) return;
    const ring = this.#ring;
    const at = (this.#ringStart + this.#ringUsed) % ring.length;
    const untilEnd = ring.length - at;
    if (frame.byteLength <= untilEnd) ring.set(frame, at);
    else {
      ring.set(frame.subarray(0, untilEnd), at);
      ring.set(frame.subarray(untilEnd), 0);
    }
    this.#ringUsed = needed;
  }

  /** A ring of at least `needed` bytes (never above the capacity), its bytes moved to its start. */
  #growRing(needed: number): void {
    const old = this.#ring;
    const grown = new Uint8Array(
      Math.min(
        this.#capacityBytes,
        Math.max(needed, RING_FROM_BYTES, old.length + (old.length >>> 1)),
      ),
    );
    if (this.#ringUsed > 0) this.#copyOutOfRing(this.#ringStart, this.#ringUsed, grown);
    this.#ring = grown;
    this.#ringStart = 0;
  }

  /**
   * `length` bytes of the ring from `offset` on (taken modulo its size), copied to the start of
   * `into` (by default a new array of their size), which is returned.
   */
  #copyOutOfRing(offset: number, length: number, into = new Uint8Array(length)): Uint8Array {
    const ring = this.#ring;
    const start = ring.length === 0 ? 0 : offset % ring.length;
    const untilEnd = ring.length - start;
    if (length <= untilEnd) into.set(ring.subarray(start, start + length));
    else {
      into.set(ring.subarray(start));
      into.set(ring.subarray(0, length - untilEnd), untilEnd);
    }
    return into;
  }
}
