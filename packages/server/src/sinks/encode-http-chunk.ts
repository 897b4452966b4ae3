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
  const isText = typeof sseFrame === 'string';
  const dataBytes = isText ? utf8ByteLength(sseFrame) : sseFrame.byteLength;
  if (dataBytes === 0) throw new RangeError('An empty chunk would end the HTTP body.');
  let hexDigits = 1;
  for (let rest = dataBytes >>> 4; rest > 0; rest >>>= 4) hexDigits++;
  const chunkBytes = hexDigits + dataBytes + 4;

  let target: Uint8Array;
  let start = 0;
  if (chunkBytes > SLAB_BYTES >>> 1) target = new Uint8Array(chunkBytes);
  else {
    if (slab === undefined || slabUsed + chunkBytes > SLAB_BYTES) {
      slab = new Uint8Array(SLAB_BYTES);
      slabUsed = 0;
    }
    target = slab;
    start = slabUsed;
    slabUsed += chunkBytes;
  }

  let offset = start + hexDigits;
  for (let index = offset - 1, rest = dataBytes; index >= start; index--, rest >>>= 4) {
    target[index] = HEX_DIGITS[rest & 15] as number;
  }
  target[offset++] = CR;
  target[offset++] = LF;
  if (isText) encoder.encodeInto(sseFrame, target.subarray(offset, offset + dataBytes));
  else target.set(sseFrame, offset);
  offset += dataBytes;
  target[offset++] = CR;
  target[offset] = LF;
  return target === slab ? target.subarray(start, start + chunkBytes) : target;
}
