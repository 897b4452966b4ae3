import type { SseFrame } from '../sse-frame.js';
import { utf8ByteLength } from '../utf8-byte-length.js';

// Node's own pool size for `Buffer.allocUnsafe`: small enough that a slab pinned by one chunk a
// stalled socket still queues costs little, large enough to hold about a hundred token frames.
const SLAB_BYTES = 8192;
const HEX_DIGITS = new TextEncoder().encode('0123456789abcdef');
const CR = 0x0d;
const LF = 0x0a;

const encoder = new TextEncoder();
let slab: Uint8Array | undefined;
let slabUsed = 0;

/**
 * One HTTP/1.1 chunk holding a whole SSE frame: `<hex length>\r\n<frame>\r\n` (RFC 9112 §7.1),
 * the same bytes Node's `response.write` sends as four pieces (lower-case hex, no leading zeros).
 * A small chunk is cut from a shared slab that is only ever appended to, never rewritten — a
 * chunk a socket still queues keeps its bytes — as Node's `Buffer.allocUnsafe` pool is.
 *
 * An empty frame is refused: a zero-length chunk is the body's terminator.
 */
export function encodeHttpChunk(sseFrame: SseFrame): Uint8Array {
  const dataBytes = dataBytesOf(sseFrame);
  const chunkBytes = chunkBytesOf(dataBytes);
  const start = reserve(chunkBytes);
  const target = reserved;
  writeChunk(target, start, sseFrame, dataBytes);
  return view(target, start, chunkBytes);
}

/**
 * Several frames, each its own HTTP chunk as {@link encodeHttpChunk} makes it, back to back in one
 * array: the bytes of writing them one by one, in one socket write.
 */
export function encodeHttpChunks(sseFrames: readonly SseFrame[]): Uint8Array {
  let total = 0;
  for (const sseFrame of sseFrames) total += chunkBytesOf(dataBytesOf(sseFrame));
  const start = reserve(total);
  const target = reserved;
  let offset = start;
  for (const sseFrame of sseFrames) {
    offset = writeChunk(target, offset, sseFrame, dataBytesOf(sseFrame));
  }
  return view(target, start, total);
}

function dataBytesOf(sseFrame: SseFrame): number {
  const dataBytes = typeof sseFrame === 'string' ? utf8ByteLength(sseFrame) : sseFrame.byteLength;
  if (dataBytes === 0) throw new RangeError('An empty chunk would end the HTTP body.');
  return dataBytes;
}

function hexDigitsOf(dataBytes: number): number {
  let hexDigits = 1;
  for (let rest = dataBytes >>> 4; rest > 0; rest >>>= 4) hexDigits++;
  return hexDigits;
}

function chunkBytesOf(dataBytes: number): number {
  return hexDigitsOf(dataBytes) + dataBytes + 4;
}

/** Where the last {@link reserve} put its bytes: the slab, or an array of their own. */
let reserved: Uint8Array = new Uint8Array(0);

/** Room for `bytes` in {@link reserved}; returns where they start. */
function reserve(bytes: number): number {
  if (bytes > SLAB_BYTES >>> 1) {
    reserved = new Uint8Array(bytes);
    return 0;
  }
  if (slab === undefined || slabUsed + bytes > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    slabUsed = 0;
  }
  reserved = slab;
  const start = slabUsed;
  slabUsed += bytes;
  return start;
}

function view(target: Uint8Array, start: number, bytes: number): Uint8Array {
  return target === slab ? target.subarray(start, start + bytes) : target;
}

/** Writes one chunk at `start`; returns where it ends. */
function writeChunk(
  target: Uint8Array,
  start: number,
  sseFrame: SseFrame,
  dataBytes: number,
): number {
  let offset = start + hexDigitsOf(dataBytes);
  for (let index = offset - 1, rest = dataBytes; index >= start; index--, rest >>>= 4) {
    target[index] = HEX_DIGITS[rest & 15] as number;
  }
  target[offset++] = CR;
  target[offset++] = LF;
  if (typeof sseFrame === 'string') {
    encoder.encodeInto(sseFrame, target.subarray(offset, offset + dataBytes));
  } else {
    target.set(sseFrame, offset);
  }
  offset += dataBytes;
  target[offset++] = CR;
  target[offset++] = LF;
  return offset;
}
