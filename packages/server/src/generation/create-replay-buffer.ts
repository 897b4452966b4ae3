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
 * Plain byte frames (the translator's, cut from a shared pool) are copied into a ring of this
 * buffer's own, grown as needed up to `capacityBytes` and then reused: a kept frame holds neither
 * its pool's slab nor an object, and a forgotten one leaves no garbage. Kept by reference, the
 * frames of a slow reader's answer outlived a few scavenges, went to the old generation with their
 * slabs, and waited for a full GC once forgotten: S4 measured about four times `capacityBytes`
 * per stream. Strings and other arrays (a `Buffer`) are kept as they are and come back as the same
 * objects; copied frames come back as new arrays with the same bytes.
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

/** The ring's first size, and the least it grows by: most answers' frames fit in a few KiB. */
const MIN_RING_BYTES = 512;
const EMPTY = new Uint8Array(0);
/** In `#entries`, in place of a frame kept by reference: its bytes are in the ring. */
const IN_RING = 0;

class BoundedReplayBuffer implements ReplayBuffer {
  readonly #capacityBytes: number;
  // Two slots per kept frame, oldest first from `#head`: the frame (or IN_RING), its byte length.
  #entries: Array<SseFrame | typeof IN_RING | number> = [];
  #head = 0;
  #firstSeq = 0;
  #nextSeq = 0;
  #size = 0;
  // The bytes of the IN_RING frames, back to back in their order, from `#ringStart` on, wrapping.
  #ring: Uint8Array = EMPTY;
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
    if (typeof frame !== 'string' && Object.getPrototypeOf(frame) === Uint8Array.prototype) {
      this.#copyIntoRing(frame);
      entries.push(IN_RING, frameSize);
    } else {
      entries.push(frame, frameSize);
    }
    this.#size += frameSize;
    if (this.#head > 64 && this.#head * 2 > entries.length) {
      this.#entries = entries.slice(this.#head);
      this.#head = 0;
    }
  }

  framesFrom(seq: number): readonly SseFrame[] | undefined {
    if (seq < this.#firstSeq || seq > this.#nextSeq) return undefined;
    const entries = this.#entries;
    const first = this.#head + (seq - this.#firstSeq) * 2;
    // Where the first asked-for frame's bytes would be: past those of the older frames in the ring.
    let offset = this.#ringStart;
    for (let index = this.#head; index < first; index += 2) {
      if (entries[index] === IN_RING) offset += entries[index + 1] as number;
    }
    const frames: SseFrame[] = [];
    for (let index = first; index < entries.length; index += 2) {
      const kept = entries[index] as SseFrame | typeof IN_RING;
      if (kept !== IN_RING) {
        frames.push(kept);
        continue;
      }
      const length = entries[index + 1] as number;
      frames.push(this.#copyOutOfRing(offset, length));
      offset += length;
    }
    return frames;
  }

  #forgetOldest(): void {
    const head = this.#head;
    const entries = this.#entries;
    const frameSize = entries[head + 1] as number;
    if (entries[head] === IN_RING && frameSize > 0) {
      this.#ringStart = (this.#ringStart + frameSize) % this.#ring.length;
      this.#ringUsed -= frameSize;
    }
    entries[head] = IN_RING;
    this.#size -= frameSize;
    this.#head = head + 2;
    this.#firstSeq++;
  }

  #copyIntoRing(frame: Uint8Array): void {
    if (frame.byteLength === 0) return;
    const needed = this.#ringUsed + frame.byteLength;
    if (needed > this.#ring.length) this.#growRing(needed);
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
        Math.max(needed, MIN_RING_BYTES, old.length + (old.length >>> 1)),
      ),
    );
    if (this.#ringUsed > 0) grown.set(this.#copyOutOfRing(this.#ringStart, this.#ringUsed));
    this.#ring = grown;
    this.#ringStart = 0;
  }

  /** `length` bytes of the ring from `offset` on (taken modulo its size), in a new array. */
  #copyOutOfRing(offset: number, length: number): Uint8Array {
    const ring = this.#ring;
    const start = ring.length === 0 ? 0 : offset % ring.length;
    const untilEnd = ring.length - start;
    if (length <= untilEnd) return ring.slice(start, start + length);
    const bytes = new Uint8Array(length);
    bytes.set(ring.subarray(start));
    bytes.set(ring.subarray(0, length - untilEnd), untilEnd);
    return bytes;
  }
}
