import { allocateBytes } from './allocate-bytes.js';
import { asciiBytes } from './ascii-bytes.js';

const ID = asciiBytes('id: ');
const HEAD_END = asciiBytes('\ndata: {"type":"text-delta","delta":');
/** Literals up to this many bytes are copied in a loop: `set` and its `subarray` view cost more. */
const LOOP_COPY_BYTES = 32;

/**
 * Decimal digits of a non-negative safe integer. The loop's body runs for every value, one digit
 * included: a body that first runs at a stream's tenth frame had no type feedback when the
 * compiler inlined it, and deoptimized the code around it there.
 */
function digitCount(value: number): number {
  let digits = 0;
  let rest = value;
  do {
    digits++;
    rest = Math.floor(rest / 10);
  } while (rest > 0);
  return digits;
}

/**
 * The `text-delta` frame of `seq` built from a delta that is already a JSON string literal —
 * `source[start, end)`, quotes included, as `scanContentChunk` finds it in an OpenAI chunk — by
 * copying its bytes: the same bytes `encodeEvent` gives for the decoded text when the literal is
 * what `JSON.stringify` would write (the scanner accepts no other), without a string per token.
 * The head is written as bytes, the seq's digits included: a template string per token and a
 * character loop over it were a quarter of the translation's time.
 *
 * @example
 * const chunk = new TextEncoder().encode('"Hi"');
 * new TextDecoder().decode(encodeDeltaFrame(3, chunk, 0, chunk.length));
 * // 'id: 3\ndata: {"type":"text-delta","delta":"Hi"}\n\n'
 */
export function encodeDeltaFrame(
  seq: number,
  source: Uint8Array,
  start: number,
  end: number,
): Uint8Array {
  const digits = digitCount(seq);
  const literalBytes = end - start;
  const headLength = ID.length + digits + HEAD_END.length;
  const frame = allocateBytes(headLength + literalBytes + 3);
  for (let index = 0; index < ID.length; index++) frame[index] = ID[index] as number;
  let rest = seq;
  for (let index = ID.length + digits - 1; index >= ID.length; index--) {
    frame[index] = 0x30 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  let offset = ID.length + digits;
  for (let index = 0; index < HEAD_END.length; index++) {
    frame[offset++] = HEAD_END[index] as number;
  }
  if (literalBytes <= LOOP_COPY_BYTES) {
    for (let index = start; index < end; index++) frame[offset++] = source[index] as number;
  } else {
    frame.set(source.subarray(start, end), offset);
    offset += literalBytes;
  }
  // '}\n\n'
  frame[offset++] = 0x7d;
  frame[offset++] = 0x0a;
  frame[offset] = 0x0a;
  return frame;
}
