import { allocateBytes } from './allocate-bytes.js';

const HEAD_END = '\ndata: {"type":"text-delta","delta":';

/**
 * The `text-delta` frame of `seq` built from a delta that is already a JSON string literal —
 * `source[start, end)`, quotes included, as `scanContentChunk` finds it in an OpenAI chunk — by
 * copying its bytes: the same bytes `encodeEvent` gives for the decoded text when the literal is
 * what `JSON.stringify` would write (the scanner accepts no other), without a string per token.
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
  const head = `id: ${seq}${HEAD_END}`;
  const headLength = head.length;
  const frame = allocateBytes(headLength + (end - start) + 3);
  // The head is ASCII: one byte per character.
  for (let index = 0; index < headLength; index++) frame[index] = head.charCodeAt(index);
  frame.set(source.subarray(start, end), headLength);
  // '}\n\n'
  let offset = headLength + (end - start);
  frame[offset++] = 0x7d;
  frame[offset++] = 0x0a;
  frame[offset] = 0x0a;
  return frame;
}
