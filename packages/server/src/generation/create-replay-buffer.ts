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
 * A plain byte frame (the translator's, cut from a shared pool) is copied, behind a 4-byte
 * header, into a chain of 1 KiB blocks that buffers take from a pool shared by all of them and
 * give back as they forget frames or seal: a token costs a copy of its bytes, and no object, no
 * pointer and no array slot on the heap. Kept by reference (the pool's buffer, the offset and
 * the length in three array slots), every token grew the old generation by three slots and kept
 * its 64 KiB pool slab alive for the answer's life: in S7, half again as much memory per open
 * stream (BENCHMARKS.md, round 17). Copied into buffers of their own, each answer's growing
 * arrays brought more full collections than they saved (round 16). Strings and other arrays (a
 * `Buffer`) are kept as they are, a header in the chain saying so, and come back as the same
 * objects; byte frames come back as new arrays with the same bytes.
 *
 * Once its stream is over, `seal()` copies what it keeps into one array of its own and gives its
 * blocks back: from then on every frame comes back as a view of that array.
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

const BLOCK_SHIFT = 10;
/** A block's bytes: a 100-token answer's frames take about eight. */
export const REPLAY_BLOCK_BYTES: number = 1 << BLOCK_SHIFT;
const BLOCK_MASK = REPLAY_BLOCK_BYTES - 1;
const HEADER_BYTES = 4;
/** A header's top bit: the frame is the next of the buffer's kept objects, not bytes that follow. */
const OBJECT_FLAG = 0x8000_0000;
/**
 * Free blocks the pool keeps for the next answers (4 MiB): past it, a block given back is left
 * to the collector, so memory comes back after a burst.
 */
const POOL_MAX_BLOCKS = 4096;
const freeBlocks: Uint8Array[] = [];

// Each block an array of its own: cut from shared chunks, a few pooled blocks could keep many
// chunks alive after a burst, and memory would not come back.
function takeBlock(): Uint8Array {
  return freeBlocks.pop() ?? new Uint8Array(REPLAY_BLOCK_BYTES);
}

function giveBack(block: Uint8Array): void {
  if (freeBlocks.length < POOL_MAX_BLOCKS) freeBlocks.push(block);
}

/** Blocks the shared pool holds for reuse now; for tests. */
export function freeReplayBlocks(): number {
  return freeBlocks.length;
}

const EMPTY = new Uint8Array(0);
const UTF8 = new TextEncoder();
/** A sealed buffer that keeps no frame: an empty chain. */
const SEALED_NONE = new Uint8Array(4);

function writeUint32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value;
  bytes[at + 1] = value >>> 8;
  bytes[at + 2] = value >>> 16;
  bytes[at + 3] = value >>> 24;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) |
      ((bytes[at + 1] as number) << 8) |
      ((bytes[at + 2] as number) << 16) |
      ((bytes[at + 3] as number) << 24)) >>>
    0
  );
}

/**
 * The frames from `seq` on in a sealed buffer's array (see `ReplayBuffer.sealedBytes`), whose
 * first frame is `firstSeq`: views of it, or `undefined` when `seq` is not kept.
 *
 * @example
 * const buffer = createReplayBuffer({ capacityBytes: 1024 });
 * buffer.append(0, 'id: 0\n\n');
 * buffer.seal();
 * sealedFramesFrom(buffer.sealedBytes as Uint8Array, 0, 0); // [Uint8Array of 'id: 0\n\n']
 */
export function sealedFramesFrom(
  sealed: Uint8Array,
  firstSeq: number,
  seq: number,
): SseFrame[] | undefined {
  if (seq < firstSeq) return undefined;
  // The chain's length, then the chain as the blocks held it — each frame a header (its size,
  // OBJECT_FLAG for an object) and a byte frame's bytes — then the objects' bytes, in order.
  const chainEnd = HEADER_BYTES + readUint32(sealed, 0);
  const frames: SseFrame[] = [];
  let position = HEADER_BYTES;
  let objectAt = chainEnd;
  let at = firstSeq;
  for (; position < chainEnd; at++) {
    const header = readUint32(sealed, position);
    position += HEADER_BYTES;
    let start = position;
    let size = header;
    if ((header & OBJECT_FLAG) !== 0) {
      size = header & ~OBJECT_FLAG;
      start = objectAt;
      objectAt += size;
    } else {
      position += size;
    }
    if (at >= seq) frames.push(sealed.subarray(start, start + size));
  }
  return seq > at ? undefined : frames;
}

class BoundedReplayBuffer implements ReplayBuffer {
  readonly #capacityBytes: number;
  // The kept frames, oldest first: each a header (its size, and OBJECT_FLAG for an object) and,
  // for a byte frame, its bytes; back to back from `#start` in the first live block to `#end`.
  #blocks: Uint8Array[] = [];
  #blockHead = 0;
  #start = 0;
  #end = 0;
  // The kept strings and Buffers, oldest first from `#objectHead`.
  #objects: SseFrame[] = [];
  #objectHead = 0;
  // Bytes (UTF-8) of the kept objects.
  #objectSize = 0;
  #firstSeq = 0;
  #nextSeq = 0;
  #size = 0;
  // Once sealed: where each kept frame starts (one more: the end), then their bytes, in one array.
  #sealed: Uint8Array | undefined;

  constructor(capacityBytes: number) {
    this.#capacityBytes = capacityBytes;
  }

  get size(): number {
    return this.#size;
  }

  get firstSeq(): number {
    return this.#firstSeq;
  }

  get sealedBytes(): Uint8Array | undefined {
    return this.#sealed;
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
      this.#forgetAll();
      this.#firstSeq = this.#nextSeq;
      return;
    }
    while (this.#size + frameSize > capacityBytes) this.#forgetOldest();
    if (typeof frame === 'string' || Object.getPrototypeOf(frame) !== Uint8Array.prototype) {
      this.#reserve(HEADER_BYTES);
      this.#writeHeader((frameSize | OBJECT_FLAG) >>> 0);
      // A first element as a literal: a push would give the array 17 slots, and most open
      // streams keep one object (the start frame) for their whole life.
      if (this.#objects.length === 0) this.#objects = [frame];
      else this.#objects.push(frame);
      this.#objectSize += frameSize;
    } else {
      this.#reserve(HEADER_BYTES + frameSize);
      this.#writeHeader(frameSize);
      this.#writeBytes(frame);
    }
    this.#size += frameSize;
  }

  /**
   * An ended answer is kept for the registry's TTL, thousands at once: sealed, it is one array of
   * its own — its frames as the blocks held them, each behind its four-byte header — and its
   * blocks go back to the pool for the answers still running. A replay reads the headers from
   * the first frame on: replays are rare, seals are one per answer.
   */
  seal(): void {
    if (this.#sealed !== undefined) return;
    const size = this.#size;
    // The chain is copied as it lies, headers and all: a copy per block, not per frame. The kept
    // objects' bytes follow it, in order (an object's header in the chain has none after it).
    const chainBytes = this.#end - this.#start;
    if (chainBytes === 0) {
      this.#sealed = SEALED_NONE;
      return;
    }
    const bytes = new Uint8Array(HEADER_BYTES + chainBytes + this.#objectSize);
    writeUint32(bytes, 0, chainBytes);
    this.#readBytes(this.#start, chainBytes, bytes, HEADER_BYTES);
    let offset = HEADER_BYTES + chainBytes;
    for (let index = this.#objectHead; index < this.#objects.length; index++) {
      const frame = this.#objects[index] as SseFrame;
      if (typeof frame === 'string') {
        offset += UTF8.encodeInto(frame, bytes.subarray(offset)).written;
      } else {
        bytes.set(frame, offset);
        offset += frame.byteLength;
      }
    }
    this.#forgetAll();
    this.#size = size;
    this.#sealed = bytes;
  }

  framesFrom(seq: number): readonly SseFrame[] | undefined {
    if (seq < this.#firstSeq || seq > this.#nextSeq) return undefined;
    const sealed = this.#sealed;
    if (sealed !== undefined) return sealedFramesFrom(sealed, this.#firstSeq, seq);
    const frames: SseFrame[] = [];
    let position = this.#start;
    let object = this.#objectHead;
    for (let at = this.#firstSeq; position < this.#end; at++) {
      const header = this.#readHeader(position);
      position += HEADER_BYTES;
      if ((header & OBJECT_FLAG) !== 0) {
        if (at >= seq) frames.push(this.#objects[object] as SseFrame);
        object++;
        continue;
      }
      if (at >= seq) frames.push(this.#readBytes(position, header));
      position += header;
    }
    return frames;
  }

  #forgetOldest(): void {
    const header = this.#readHeader(this.#start);
    let next = this.#start + HEADER_BYTES;
    if ((header & OBJECT_FLAG) !== 0) {
      // Lets go of a kept string or Buffer now.
      this.#objects[this.#objectHead++] = '';
      this.#size -= header & ~OBJECT_FLAG;
      this.#objectSize -= header & ~OBJECT_FLAG;
      if (this.#objectHead > 32 && this.#objectHead * 2 > this.#objects.length) {
        this.#objects = this.#objects.slice(this.#objectHead);
        this.#objectHead = 0;
      }
    } else {
      next += header;
      this.#size -= header;
    }
    this.#firstSeq++;
    this.#start = next;
    // Whole blocks before the oldest kept frame go back to the pool.
    while (this.#start >= REPLAY_BLOCK_BYTES) {
      giveBack(this.#blocks[this.#blockHead] as Uint8Array);
      this.#blocks[this.#blockHead++] = EMPTY;
      this.#start -= REPLAY_BLOCK_BYTES;
      this.#end -= REPLAY_BLOCK_BYTES;
    }
    if (this.#start === this.#end) this.#forgetAll();
    else if (this.#blockHead > 32 && this.#blockHead * 2 > this.#blocks.length) {
      this.#blocks = this.#blocks.slice(this.#blockHead);
      this.#blockHead = 0;
    }
  }

  #forgetAll(): void {
    for (let index = this.#blockHead; index < this.#blocks.length; index++) {
      giveBack(this.#blocks[index] as Uint8Array);
    }
    this.#blocks = [];
    this.#blockHead = 0;
    this.#start = 0;
    this.#end = 0;
    this.#objects = [];
    this.#objectHead = 0;
    this.#objectSize = 0;
    this.#size = 0;
  }

  /** Blocks enough for `bytes` more at `#end`. */
  #reserve(bytes: number): void {
    const needed = this.#end + bytes;
    // One block as a literal, as `#objects`' first: a short answer never needs a second.
    if (this.#blocks.length === 0) this.#blocks = [takeBlock()];
    while ((this.#blocks.length - this.#blockHead) << BLOCK_SHIFT < needed) {
      this.#blocks.push(takeBlock());
    }
  }

  #byteAt(position: number): number {
    const block = this.#blocks[this.#blockHead + (position >>> BLOCK_SHIFT)] as Uint8Array;
    return block[position & BLOCK_MASK] as number;
  }

  #writeHeader(header: number): void {
    const end = this.#end;
    const offset = end & BLOCK_MASK;
    if (offset <= REPLAY_BLOCK_BYTES - HEADER_BYTES) {
      const block = this.#blocks[this.#blockHead + (end >>> BLOCK_SHIFT)] as Uint8Array;
      block[offset] = header;
      block[offset + 1] = header >>> 8;
      block[offset + 2] = header >>> 16;
      block[offset + 3] = header >>> 24;
    } else {
      for (let byte = 0; byte < HEADER_BYTES; byte++) {
        const position = end + byte;
        const block = this.#blocks[this.#blockHead + (position >>> BLOCK_SHIFT)] as Uint8Array;
        block[position & BLOCK_MASK] = header >>> (8 * byte);
      }
    }
    this.#end = end + HEADER_BYTES;
  }

  #readHeader(position: number): number {
    return (
      (this.#byteAt(position) |
        (this.#byteAt(position + 1) << 8) |
        (this.#byteAt(position + 2) << 16) |
        (this.#byteAt(position + 3) << 24)) >>>
      0
    );
  }

  #writeBytes(bytes: Uint8Array): void {
    let written = 0;
    while (written < bytes.length) {
      const end = this.#end;
      const offset = end & BLOCK_MASK;
      const block = this.#blocks[this.#blockHead + (end >>> BLOCK_SHIFT)] as Uint8Array;
      const count = Math.min(REPLAY_BLOCK_BYTES - offset, bytes.length - written);
      block.set(
        written === 0 && count === bytes.length ? bytes : bytes.subarray(written, written + count),
        offset,
      );
      written += count;
      this.#end = end + count;
    }
  }

  /**
   * `length` bytes from `position`, copied into `bytes` from `at` (by default to the start of a
   * new array): one copy per block they span.
   */
  #readBytes(position: number, length: number, bytes = new Uint8Array(length), at = 0): Uint8Array {
    let read = 0;
    while (read < length) {
      const from = position + read;
      const offset = from & BLOCK_MASK;
      const block = this.#blocks[this.#blockHead + (from >>> BLOCK_SHIFT)] as Uint8Array;
      const count = Math.min(REPLAY_BLOCK_BYTES - offset, length - read);
      bytes.set(
        count === REPLAY_BLOCK_BYTES ? block : block.subarray(offset, offset + count),
        at + read,
      );
      read += count;
    }
    return bytes;
  }
}
