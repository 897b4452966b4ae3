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
 * A plain byte frame (the translator's, cut from a shared pool) is copied into a ring of this
 * buffer's own, and its length into a typed array: both grow by doubling, up to `capacityBytes`,
 * and are then reused. The kept bytes sit outside V8's heap, in a few arrays per answer, so the
 * garbage collector neither copies nor scans them: kept by reference (a pool buffer, an offset and
 * a length in a plain array), each answer's list of frames was young when its stream started,
 * survived scavenges while it grew and was copied to the old generation, about 14 KB per answer
 * in S7 (nearly half of what the whole server promoted); and a slow reader's frames kept the 64 KiB
 * slabs they were cut from until a full GC (S4 measured about four times `capacityBytes` per
 * stream). Strings and other arrays (a `Buffer`) are kept as they are and come back as the same
 * objects; byte frames come back as new arrays with the same bytes.
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

/** The ring's first size: a short answer's frames (S6: 20 tokens, about 1.1 KB) in one or two. */
const FIRST_RING_BYTES = 1024;
/** The lengths' first size, in frames. */
const FIRST_LENGTHS = 32;
const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_LENGTHS = new Int32Array(0);

class BoundedReplayBuffer implements ReplayBuffer {
  readonly #capacityBytes: number;
  #firstSeq = 0;
  #nextSeq = 0;
  #size = 0;
  // One slot per kept frame, oldest first from `#lengthsStart`, wrapping: a byte frame's length
  // (its bytes are in the ring), or the bitwise NOT (negative) of the length of a frame kept
  // as it is, in `#objects`.
  #lengths: Int32Array = EMPTY_LENGTHS;
  #lengthsStart = 0;
  #count = 0;
  // The frames kept as they are (strings, Buffers), oldest first from `#objectsHead`.
  #objects: Array<SseFrame | undefined> = [];
  #objectsHead = 0;
  // The bytes of the byte frames, back to back in their order, from `#ringStart` on, wrapping.
  #ring: Uint8Array = EMPTY_BYTES;
  #ringStart = 0;
  #ringUsed = 0;

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
      this.#forgetAll();
      this.#firstSeq = this.#nextSeq;
      return;
    }
    if (this.#count === 0) this.#firstSeq = seq;
    while (this.#size + frameSize > capacityBytes) this.#forgetOldest();
    if (typeof frame !== 'string' && Object.getPrototypeOf(frame) === Uint8Array.prototype) {
      this.#copyIntoRing(frame);
      this.#pushLength(frameSize);
    } else {
      this.#objects.push(frame);
      this.#pushLength(~frameSize);
    }
    this.#size += frameSize;
  }

  framesFrom(seq: number): readonly SseFrame[] | undefined {
    if (seq < this.#firstSeq || seq > this.#nextSeq) return undefined;
    const lengths = this.#lengths;
    const skipped = seq - this.#firstSeq;
    // Where the first asked-for frame is: past the older frames' bytes in the ring, or objects.
    let ringOffset = this.#ringStart;
    let objectIndex = this.#objectsHead;
    for (let index = 0; index < skipped; index++) {
      const length = lengths[(this.#lengthsStart + index) % lengths.length] as number;
      if (length >= 0) ringOffset += length;
      else objectIndex++;
    }
    const frames: SseFrame[] = [];
    for (let index = skipped; index < this.#count; index++) {
      const length = lengths[(this.#lengthsStart + index) % lengths.length] as number;
      if (length >= 0) {
        frames.push(this.#copyOutOfRing(ringOffset, length));
        ringOffset += length;
      } else frames.push(this.#objects[objectIndex++] as SseFrame);
    }
    return frames;
  }

  #forgetAll(): void {
    this.#count = 0;
    this.#lengthsStart = 0;
    this.#objects = [];
    this.#objectsHead = 0;
    this.#size = 0;
    this.#ringStart = 0;
    this.#ringUsed = 0;
  }

  #forgetOldest(): void {
    const lengths = this.#lengths;
    const length = lengths[this.#lengthsStart] as number;
    this.#lengthsStart = (this.#lengthsStart + 1) % lengths.length;
    this.#count--;
    this.#firstSeq++;
    if (length >= 0) {
      this.#size -= length;
      this.#ringUsed -= length;
      this.#ringStart = this.#ringUsed === 0 ? 0 : (this.#ringStart + length) % this.#ring.length;
      return;
    }
    this.#size -= ~length;
    // Lets go of the string or Buffer now; the array is cut once half of it is forgotten.
    this.#objects[this.#objectsHead++] = undefined;
    if (this.#objectsHead > 32 && this.#objectsHead * 2 > this.#objects.length) {
      this.#objects = this.#objects.slice(this.#objectsHead);
      this.#objectsHead = 0;
    }
  }

  #pushLength(length: number): void {
    let lengths = this.#lengths;
    if (this.#count === lengths.length) {
      const grown = new Int32Array(Math.max(FIRST_LENGTHS, lengths.length * 2));
      const untilEnd = lengths.length - this.#lengthsStart;
      grown.set(lengths.subarray(this.#lengthsStart));
      grown.set(lengths.subarray(0, this.#lengthsStart), untilEnd);
      this.#lengths = lengths = grown;
      this.#lengthsStart = 0;
    }
    lengths[(this.#lengthsStart + this.#count) % lengths.length] = length;
    this.#count++;
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
      Math.min(this.#capacityBytes, Math.max(needed, FIRST_RING_BYTES, old.length * 2)),
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
